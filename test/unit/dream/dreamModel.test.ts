import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEngram } from '../../helpers/cli';
import { plantedRepo } from './gitRepo';
import { useScriptedModel } from '../../helpers/scriptedModelFixture';

const scripted = useScriptedModel();

describe('the model pass (scripted model over real HTTP)', () => {
  it('applies validated advice and ignores what does not check out', async () => {
    const { root, dataDir } = plantedRepo();
    fs.mkdirSync(path.join(root, '.engram/sessions/ses_real'), { recursive: true });
    fs.writeFileSync(path.join(root, '.engram/sessions/ses_real/checkpoint.md'), '## Decisions\n- Releases ship on Tuesdays.\n');
    const advice = {
      compress: [
        { id: 'm100004', text: 'Parser: src/parsing/parser.ts.' },
        { id: 'm100005', text: 'Retries exist.' }, // drops the path it named: refused
      ],
      unverified: ['m100006', 'm999999'],
      supersede: [{ id: 'm100008', by: 'm100004' }, { id: 'm100005', by: 'm404404' }],
      promote: [
        { kind: 'decisions', text: 'Releases ship on Tuesdays.', source: 'ses_real' },
        { kind: 'decisions', text: 'An invented fact.', source: 'ses_made_up' },
      ],
    };
    const model = await scripted.start([{ text: 'Here you go:\n' + JSON.stringify(advice) }]);
    const r = await runEngram(['--project', root, '--data-dir', dataDir, '--json', 'dream'], { env: model.env });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ merged: 3, pathsFixed: 1, pathsFlagged: 1, promoted: 1, superseded: 4 });
    expect(model.requests).toHaveLength(1);
    const after = fs.readFileSync(path.join(root, '.engram/MEMORY.md'), 'utf8');
    expect(after).toMatch(/^- Parser: src\/parsing\/parser\.ts\. <!-- id:m100004 /m);
    expect(after).toContain('- Retries are done by src/legacy/retry.ts [stale path] with exponential backoff.');
    expect(after).toMatch(/pushed to origin\. \[unverified\] <!-- id:m100006 /);
    expect(after).toMatch(/## Superseded[\s\S]*stale lock file\. <!-- id:m100008 at:2026-11-25 superseded-by:m100004 -->/);
    expect(after).toMatch(/## Decisions\n- Releases ship on Tuesdays\. <!-- id:m[0-9a-f]{6} at:\d{4}-\d{2}-\d{2} src:ses_real -->/);
    expect(after).not.toContain('An invented fact');
    // The dream's model request counts in the project's usage, outside any session.
    const usage = JSON.parse((await runEngram(['--data-dir', dataDir, '--json', 'usage'])).stdout);
    expect(usage).toMatchObject({ requests: 1, inputTokens: 100, outputTokens: 10 });
    expect(usage.projects.map((p: { projectPath: string }) => p.projectPath)).toEqual([fs.realpathSync(root)]);
  });

  it('writes nothing from a model that answers garbage: the deterministic passes still run', async () => {
    const { root, dataDir } = plantedRepo();
    const model = await scripted.start([{ text: 'I am not JSON {"compress": [oops' }]);
    const r = await runEngram(['--project', root, '--data-dir', dataDir, '--json', 'dream'], { env: model.env });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ merged: 3, pathsFixed: 1, pathsFlagged: 1, promoted: 0, superseded: 3 });
    expect(r.stderr).toMatch(/not the advice asked for; ignored/);
  });
});
