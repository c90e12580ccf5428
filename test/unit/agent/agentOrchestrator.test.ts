import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { engramLayout } from '../../../contract/engramLayout';
import { AgentOrchestrator, SessionOfAnotherProjectError } from '../../../main/agent/agentOrchestrator';
import { openDatabase, type Database } from '../../../main/db/database';
import type { AgentEvent } from '../../../contract';
import { tempDir } from '../../helpers/tempDir';
import { useScriptedModel } from '../../helpers/scriptedModelFixture';

const scripted = useScriptedModel();
let db: Database | null = null;
afterEach(async () => {
  db?.close();
  db = null;
});

describe('the agent-run orchestrator', () => {
  it('works in one folder and keeps the session, notes and memory in the project it belongs to', async () => {
    const model = await scripted.start([
      { toolCalls: [{ name: 'write', arguments: { file_path: 'out.txt', content: 'written in the worktree\n' } }, { name: 'note', arguments: { text: 'remember the worktree' } }] },
      { text: 'done' },
    ]);
    const project = fs.realpathSync(tempDir('engram-project-'));
    const worktree = fs.realpathSync(tempDir('engram-worktree-'));
    const dataDir = tempDir('engram-data-');
    db = openDatabase(dataDir);
    const runs = new AgentOrchestrator({ db, dataDir, env: () => model!.env });
    const events: AgentEvent[] = [];
    const prepared = runs.prepare({ memoryRoot: project, cwd: worktree, text: 'write out.txt' });
    const done = await runs.run(prepared, { asker: async () => 'once', signal: new AbortController().signal, emit: (e) => events.push(e) });
    await runs.idle();
    runs.dispose();

    expect(done.error).toBeNull();
    expect(fs.readFileSync(path.join(worktree, 'out.txt'), 'utf8')).toBe('written in the worktree\n');
    expect(fs.existsSync(path.join(project, 'out.txt'))).toBe(false);
    expect(fs.readFileSync(path.join(project, engramLayout.notesFile(done.sessionId)), 'utf8')).toContain('remember the worktree');
    expect(fs.existsSync(path.join(worktree, engramLayout.dir))).toBe(false);
    expect(runs.sessions.list(project).map((s) => s.id)).toEqual([done.sessionId]);
    expect(runs.sessions.list(worktree)).toEqual([]);
    // A session belongs to its project: continuing it from another one is refused before anything runs.
    expect(() => runs.prepare({ memoryRoot: worktree, text: 'again', sessionId: done.sessionId })).toThrow(SessionOfAnotherProjectError);
    expect(model.requests).toHaveLength(2);
  });
});
