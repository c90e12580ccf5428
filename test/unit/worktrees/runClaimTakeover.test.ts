import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runEngram } from '../../helpers/cli';
import { newGitProject } from '../../helpers/gitProject';
import { startTsProcess } from '../../helpers/processes/tsProcess';
import { tempDir } from '../../helpers/tempDir';
import { useScriptedModel } from '../../helpers/scriptedModelFixture';

const scripted = useScriptedModel();

/**
 * A task run's claim (`<task>.run.json.lock` in the data folder) left by an `engram task start`
 * that died: two real processes starting the task again both find it, one held (the test pause
 * point ENGRAM_TEST_PAUSE_AT) between reading the dead holder and taking the claim over.
 */
const HOLD_LOCK = path.join(REPO_ROOT, 'test/helpers/processes/holdLock.ts');

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; !check(); i++) {
    if (i > 1200) throw new Error(`waited 60 s for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("a task run's claim left by a process that is gone", () => {
  it('is taken over by one of two processes; the other reports the run busy in the new process and leaves its claim', { timeout: 120_000 }, async () => {
    const dir = tempDir('engram-run-claim-');
    const pauses = tempDir('engram-run-pause-');
    const record = path.join(dir, 't1.run.json');
    const lock = `${record}.lock`;
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => gone.on('close', r));
    fs.writeFileSync(lock, `${gone.pid}\n`);

    const late = startTsProcess(HOLD_LOCK, ['run', record], 120_000, { ENGRAM_TEST_PAUSE_AT: 'lock-holder-read', ENGRAM_TEST_PAUSE_DIR: pauses });
    await until(() => fs.existsSync(path.join(pauses, 'lock-holder-read-1.reached')), 'the first start to read the dead claim');
    const winner = startTsProcess(HOLD_LOCK, ['run', record]);
    await winner.ready;
    expect(fs.readFileSync(lock, 'utf8')).toBe(`${winner.child.pid}\n`);
    expect(JSON.parse(fs.readFileSync(record, 'utf8'))).toMatchObject({ pid: winner.child.pid, state: 'running' });

    let said = '';
    late.child.stdout!.on('data', (d) => (said += d));
    for (let n = 1; n <= 20; n++) fs.writeFileSync(path.join(pauses, `lock-holder-read-${n}.go`), '');
    await late.ready;
    // Had it taken the claim too, it would hold it now: two runs of one task at once.
    expect(JSON.parse(said.split('\n')[0])).toEqual({
      busy: `This task's agent is already running in process ${winner.child.pid}: wait for it, or stop it first.`,
    });
    expect(fs.readFileSync(lock, 'utf8'), "the live run's claim was removed").toBe(`${winner.child.pid}\n`);
    await late.done;

    winner.child.stdin!.write('release\n');
    expect((await winner.done).stdout).toContain('released');
    expect(fs.existsSync(lock)).toBe(false);
    expect(JSON.parse(fs.readFileSync(record, 'utf8'))).toMatchObject({ pid: winner.child.pid, state: 'done' });
  });
});

/** Holds `engram task discard` at its last git call (deleting the branch), just before it forgets the run. */
function gatedBranchDelete(): { bin: string; started: string; release: () => void } {
  const dir = tempDir('engram-gate-');
  const started = path.join(dir, 'started');
  const released = path.join(dir, 'released');
  const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  const script = `#!/bin/sh\ncase " $* " in *" branch -D "*) touch '${started}'; while [ ! -f '${released}' ]; do sleep 0.05; done;; esac\nexec '${realGit}' "$@"\n`;
  fs.writeFileSync(path.join(dir, 'git'), script, { mode: 0o755 });
  return { bin: dir, started, release: () => fs.writeFileSync(released, '') };
}

describe('discarding a task whose run ended, while a newer run of it starts', () => {
  it("leaves the newer run its claim and its record", { timeout: 120_000 }, async () => {
    const project = newGitProject();
    const task = await project.engramJson<{ id: string }>(['task', 'add', 'Race']);
    const model = await scripted.start(() => ({ text: 'done' }));
    const first = await project.engram(['task', 'start', task.id, '--yes'], model);
    expect(first.code, first.stderr).toBe(0);
    const listed = (await project.engramJson<Array<{ id: string; worktree: string }>>(['task', 'list'])).find((t) => t.id === task.id)!;
    const record = path.join(path.dirname(listed.worktree), `${task.id}.run.json`);
    const claim = `${record}.lock`;
    expect(JSON.parse(fs.readFileSync(record, 'utf8'))).toMatchObject({ state: 'done' });
    expect(fs.existsSync(claim)).toBe(false);

    // The discard checks that no run is live, then is held before it forgets the ended run.
    const gate = gatedBranchDelete();
    const discard = runEngram(['--json', '--project', project.root, '--data-dir', project.dataDir, 'task', 'discard', task.id], {
      env: { PATH: `${gate.bin}:${process.env.PATH}` },
    });
    await until(() => fs.existsSync(gate.started), 'the discard to reach its branch deletion');
    const newer = startTsProcess(HOLD_LOCK, ['run', record]);
    await newer.ready;
    expect(fs.readFileSync(claim, 'utf8')).toBe(`${newer.child.pid}\n`);

    gate.release();
    const discarded = await discard;
    expect(discarded.code, discarded.stderr).toBe(0);
    // Had the discard removed them, a second start now would run the task twice at once.
    expect(fs.readFileSync(claim, 'utf8'), "the newer run's claim was removed").toBe(`${newer.child.pid}\n`);
    expect(JSON.parse(fs.readFileSync(record, 'utf8'))).toMatchObject({ pid: newer.child.pid, state: 'running' });
    const second = startTsProcess(HOLD_LOCK, ['run', record]);
    expect(JSON.parse((await second.done).stdout.split('\n')[0]).busy).toMatch(new RegExp(`already running in process ${newer.child.pid}`));

    newer.child.stdin!.write('release\n');
    expect((await newer.done).stdout).toContain('released');
    expect(fs.existsSync(claim)).toBe(false);
  });
});
