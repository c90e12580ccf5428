import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { editTool } from '../../../main/agent/tools/edit';
import { writeTool } from '../../../main/agent/tools/write';
import type { ToolContext } from '../../../main/agent/tools/toolTypes';
import { REPO_ROOT } from '../../helpers/cli';
import { startTsProcess } from '../../helpers/processes/tsProcess';
import { tempDir } from '../../helpers/tempDir';

// A person saves a file of the project (the way editors save: a temp file renamed over it)
// while the agent's edit and write tools change it. Real processes, real files.
const editor = path.resolve(import.meta.dirname, '../../../scripts/stress/handEditor.mjs');
const AGENT_EDIT = path.join(REPO_ROOT, 'test/helpers/processes/agentEdit.ts');

/** Saves the way editors do: the whole text to a temp file, renamed over the file. */
function saveAsEditor(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), '.editor-save.tmp');
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

async function until(ok: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 12_000 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!ok()) throw new Error(`timed out waiting for ${what}`);
}

function context(root: string): ToolContext {
  return { root, memoryRoot: root, sessionId: 's-test', signal: new AbortController().signal } as unknown as ToolContext;
}

/**
 * The agent's edit of `edits: 0` (a real process) held at its swaps: the person saves `save(text)`
 * between its check and its first swap, their editor reloads the file before its second swap,
 * and saves `- hand entry 3` on what it reloaded once the edit is done.
 */
async function editWhileEditorReloads(label: string, save: (before: string) => string) {
  const root = tempDir(label);
  const pauses = tempDir('engram-swap-pause-');
  const file = path.join(root, 'notes.md');
  fs.writeFileSync(file, '# Notes\nedits: 0\n- hand entry 1\n');
  const edit = startTsProcess(AGENT_EDIT, [root, 'notes.md', 'edits: 0', 'edits: 1'], 120_000, { ENGRAM_TEST_PAUSE_AT: 'swap', ENGRAM_TEST_PAUSE_DIR: pauses });
  let exited = false;
  void edit.done.then(() => (exited = true));
  await until(() => fs.existsSync(path.join(pauses, 'swap-1.reached')), 'the edit to check the file before its swap');
  saveAsEditor(file, save(fs.readFileSync(file, 'utf8')));
  fs.writeFileSync(path.join(pauses, 'swap-1.go'), '');
  await until(() => exited || fs.existsSync(path.join(pauses, 'swap-2.reached')), 'the edit to finish or swap again');
  const reloaded = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(path.join(pauses, 'swap-2.go'), '');
  const { stdout } = await edit.done;
  saveAsEditor(file, reloaded + '- hand entry 3\n');
  return { root, file, reloaded, stdout };
}

describe("the agent's edit and write tools while a person saves the same file", () => {
  it('never drop a line the person saved: it is in the file or in a conflict copy beside it', { timeout: 120_000 }, async () => {
    const root = tempDir('engram-agent-save-');
    const file = path.join(root, 'notes.md');
    fs.writeFileSync(file, '# Notes\nedits: 0\n');
    const stop = path.join(root, '..', `${path.basename(root)}.stop`);
    const person = spawn(process.execPath, [editor, file, 'rename', '1', stop, 'hand entry'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    person.stdout.on('data', (d) => (out += d));
    const done = new Promise((r) => person.on('close', r));
    // The edits start once the person is saving: a loaded machine can take longer to start the
    // editor than the 150 edits take.
    await until(() => /hand entry 1$/m.test(fs.readFileSync(file, 'utf8')), "the person's first save");
    const ctx = context(root);
    const outputs: string[] = [];
    // At most a minute of edits: the person saves every millisecond, so the file grows by
    // hundreds of lines a second and, on a slow machine, later edits give up after their
    // attempts ("kept changing") and take seconds each; 150 of them outran the test's time.
    const editsUntil = Date.now() + 60_000;
    for (let i = 0; i < 150 && Date.now() < editsUntil; i++) {
      const n = Number(/edits: (\d+)/.exec(fs.readFileSync(file, 'utf8'))?.[1] ?? 0);
      const r = await editTool.run({ file_path: 'notes.md', old_string: `edits: ${n}`, new_string: `edits: ${n + 1}` }, ctx).catch((e: Error) => ({ output: e.message }));
      outputs.push(r.output);
      if (i % 10 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    fs.writeFileSync(stop, '');
    await done;
    expect(outputs.filter((o) => o.startsWith('Edited notes.md')).length).toBeGreaterThan(5);
    const written = Number(out.trim().split('\n').pop());
    expect(written).toBeGreaterThan(10);
    const copies = fs.readdirSync(root).filter((f) => f.includes('.conflict-'));
    const text = [fs.readFileSync(file, 'utf8'), ...copies.map((c) => fs.readFileSync(path.join(root, c), 'utf8'))].join('\n');
    // A set of the lines, not a search of the whole text per line: on a slow machine the person
    // saves tens of thousands of lines, and the copies add megabytes.
    const lines = new Set(text.split('\n'));
    const lost = Array.from({ length: written }, (_, i) => i + 1).filter((n) => !lines.has(`- hand entry ${n}`));
    expect(lost, `of ${written} lines saved by hand`).toEqual([]);
    // Nothing of Engram's is left beside the person's sources, except the copies it reported.
    expect(fs.readdirSync(root).filter((f) => /engram|\.lock$|\.tmp$/.test(f))).toEqual([]);
    for (const c of copies) expect(outputs.join('\n')).toContain(c);
  });

  it("never puts in a version that lacks the person's save: an editor reloading then saves their line back", { timeout: 120_000 }, async () => {
    // The interleaving the stress above lost a line in once under load: the person saves between
    // Engram's identity check and its swap; their editor reloads the file while Engram plans again
    // on that save, and saves one more line on what it reloaded after Engram's second swap.
    const { root, file, reloaded, stdout } = await editWhileEditorReloads('engram-agent-reload-', (before) => before + '- hand entry 2\n');
    // Their save was put back before the edit went in again, so what the editor reloaded held
    // it: every line they saved is in the file itself, with no copy for them to merge.
    const text = fs.readFileSync(file, 'utf8');
    expect(text, `the editor reloaded:\n${reloaded}\nthe edit said: ${stdout}`).toMatch(/^- hand entry 1\n- hand entry 2\n- hand entry 3$/m);
    expect(fs.readdirSync(root).filter((f) => f.includes('.conflict-'))).toEqual([]);
  });

  it("never drops a line the person saved when their save no longer holds the text the agent edits", { timeout: 120_000 }, async () => {
    // The line the stress above lost once under load: as above, but their save changed the line
    // the agent edits, so the edit no longer applies.
    const { root, file, reloaded, stdout } = await editWhileEditorReloads('engram-agent-lost-', () => '# Notes\nedits: 9\n- hand entry 1\n- hand entry 2\n');
    const copies = fs.readdirSync(root).filter((f) => f.includes('.conflict-'));
    const text = [fs.readFileSync(file, 'utf8'), ...copies.map((c) => fs.readFileSync(path.join(root, c), 'utf8'))].join('\n');
    for (const n of [1, 2, 3]) expect(text, `the editor reloaded:\n${reloaded}\nthe edit said: ${stdout}`).toMatch(new RegExp(`^- hand entry ${n}$`, 'm'));
    expect(JSON.parse(stdout).error).toMatch(/^old_string was not found in notes\.md/);
  });

  it('names the copy it kept when the change no longer applies to a save that landed mid-swap', { timeout: 120_000 }, async () => {
    const root = tempDir('engram-agent-midswap-');
    const pauses = tempDir('engram-swap-pause-');
    const file = path.join(root, 'notes.md');
    fs.writeFileSync(file, '# Notes\nedits: 0\n- hand entry 1\n');
    const edit = startTsProcess(AGENT_EDIT, [root, 'notes.md', 'edits: 0', 'edits: 1'], 120_000, { ENGRAM_TEST_PAUSE_AT: 'swap-aside', ENGRAM_TEST_PAUSE_DIR: pauses });
    await until(() => fs.existsSync(path.join(pauses, 'swap-aside-1.reached')), 'the edit to move the file aside');
    // The person's editor saves a whole other version while the path is empty for the swap.
    saveAsEditor(file, '# Notes\nedits: 5\n- hand entry 1\n- hand entry 2\n');
    fs.writeFileSync(path.join(pauses, 'swap-aside-1.go'), '');
    const { stdout } = await edit.done;
    expect(fs.readFileSync(file, 'utf8')).toBe('# Notes\nedits: 5\n- hand entry 1\n- hand entry 2\n');
    const copies = fs.readdirSync(root).filter((f) => f.includes('.conflict-'));
    expect(copies).toHaveLength(1);
    expect(fs.readFileSync(path.join(root, copies[0]), 'utf8')).toBe('# Notes\nedits: 0\n- hand entry 1\n');
    // The agent is told the edit did not apply, and where the version it replaced was kept.
    const said = JSON.parse(stdout) as { error?: string };
    expect(said.error).toMatch(/^old_string was not found in notes\.md/);
    expect(said.error).toContain(copies[0]);
  });

  it('write leaves nothing of its own beside the file, and takes no file of the person for its lock', async () => {
    const root = tempDir('engram-agent-write-');
    const file = path.join(root, 'Gemfile');
    fs.writeFileSync(file, 'source "https://rubygems.org"\n');
    fs.writeFileSync(path.join(root, 'Gemfile.lock'), 'GEM\n  specs:\n');
    const r = await writeTool.run({ file_path: 'Gemfile', content: 'source "https://rubygems.org"\ngem "rake"\n' }, context(root));
    expect(r.output).toMatch(/^Wrote Gemfile \(3 lines\)\.$/);
    expect(fs.readFileSync(file, 'utf8')).toContain('gem "rake"');
    // `Gemfile.lock` is the person's file, not a lock of Engram's.
    expect(fs.readFileSync(path.join(root, 'Gemfile.lock'), 'utf8')).toBe('GEM\n  specs:\n');
    expect(fs.readdirSync(root).sort()).toEqual(['Gemfile', 'Gemfile.lock']);
  });
});

describe('saving the provider choice into config.json', () => {
  it("keeps the person's other settings and the file's privacy, and leaves no lock behind", async () => {
    const { saveProviderChoice } = await import('../../../main/settings/userConfig');
    const dataDir = tempDir('engram-config-');
    const file = path.join(dataDir, 'config.json');
    fs.writeFileSync(file, JSON.stringify({ theirs: { keep: true }, apiKey: 'sk-old' }), { mode: 0o600 });
    // A key never stays in config.json: the settings service moved it to the key storage first.
    saveProviderChoice(dataDir, { provider: 'anthropic', model: 'claude-x' });
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ theirs: { keep: true }, provider: 'anthropic', model: 'claude-x' });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dataDir).filter((f) => f.endsWith('.lock') || f.endsWith('.tmp'))).toEqual([]);
    for (const f of fs.readdirSync(dataDir).filter((n) => n !== 'config.json')) expect(fs.readFileSync(path.join(dataDir, f), 'utf8')).not.toContain('sk-old');
  });
});
