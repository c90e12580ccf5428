import { describe, expect, it } from 'vitest';
import { runEngram } from '../../helpers/cli';
import { tempDir } from '../../helpers/tempDir';
import { seedSessions } from '../distill/seedSessions';

// What a new user typing at the CLI reads when they get it wrong: one clear line, the usage of
// what they meant (not all 35 lines), exit 2 for every usage error.
describe('CLI messages for mistakes', () => {
  const root = tempDir();
  const data = tempDir();
  const run = (...args: string[]) => runEngram(['--project', root, '--data-dir', data, ...args], { cwd: root });

  it('`engram memory` lists the memory subcommands', async () => {
    const r = await run('memory');
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('unknown command');
    expect(r.stderr.split('\n')[0]).toBe('engram: memory needs a subcommand: add, import, search, context, reindex, embed, timeline');
    expect(r.stderr).toContain('memory add --kind K');
    expect(r.stderr).not.toContain('task add');
  });

  it('an unknown flag names the flag and the command, with balanced quotes', async () => {
    const r = await run('memory', 'add', '--kind', 'rules', '--txt', 'x');
    expect(r.code).toBe(2);
    const first = r.stderr.split('\n')[0];
    expect(first).toBe('engram: memory add has no option --txt (its options: --kind, --text, --source, --user)');
  });

  it('a negative number is refused as such, not as an "ambiguous" option', async () => {
    const r = await run('memory', 'context', '--budget', '-5');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('engram: --budget must be a positive whole number');
  });

  it('a bad task status shows that command’s usage only', async () => {
    const r = await run('task', 'move', 'x', 'weird');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('engram: unknown status "weird": use todo, in_progress, review, blocked, done');
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(4);
    expect(r.stderr).toContain('task move ID STATUS');
  });

  it('an unknown memory kind is a usage error (exit 2), like the others', async () => {
    const r = await run('memory', 'add', '--kind', 'rulez', '--text', 'x');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('engram: unknown memory kind "rulez": use one of context, rules, decisions, knowledge, patterns, gotchas');
    expect(r.stderr).toContain('memory add --kind K');
  });

  it('counts in words: "1 session", not "1 sessions"', async () => {
    const fresh = tempDir();
    const freshData = tempDir();
    seedSessions(freshData, fresh, [{ prompt: 'fix the typo in README', calls: [['read', { path: 'README.md' }]] }]);
    const r = await runEngram(['--project', fresh, '--data-dir', freshData, 'distill', '--no-llm', '--dry-run'], { cwd: fresh });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('in 1 session of the last');
    expect(r.stdout).not.toMatch(/\b1 sessions\b/);
  });
});
