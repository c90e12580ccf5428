import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEngram } from '../../helpers/cli';
import { tempDir } from '../../helpers/tempDir';
import pkg from '../../../package.json';

describe('engram CLI basics', () => {
  it('prints usage with --help and exits 0', async () => {
    const r = await runEngram(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: engram /);
    expect(r.stdout).toContain('init');
    expect(r.stdout).toContain('serve');
  });

  it('prints the package version with --version', async () => {
    const r = await runEngram(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(`engram ${pkg.version}`);
    const j = await runEngram(['--json', '--version']);
    expect(JSON.parse(j.stdout)).toEqual({ version: pkg.version });
  });

  it('exits 2 with usage on stderr for an unknown command', async () => {
    const r = await runEngram(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('unknown command: frobnicate');
    expect(r.stderr).toContain('Usage: engram');
  });

  it('exits 2 for an unknown flag, and for no command at all', async () => {
    const flag = await runEngram(['init', '--frob']);
    expect(flag.code).toBe(2);
    expect(flag.stderr.split('\n')[0]).toBe('engram: init has no option --frob (its options: --team)');
    expect(flag.stderr).toContain('Usage: engram');
    const none = await runEngram([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no command given');
  });

  it('exits 2 for a stray argument to a command that takes none', async () => {
    const r = await runEngram(['init', 'extra']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unexpected argument: extra');
  });

  it('exits 2 with the usage of serve for a port that is not one', async () => {
    const r = await runEngram(['--data-dir', tempDir(), 'serve', '--port', 'abc']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe('engram: --port must be a number from 0 to 65535, not "abc"');
    expect(r.stderr).toContain('serve [--host H] [--port P]');
  });
});

describe('engram init', () => {
  it('creates .engram/ with MEMORY.md and the SPEC folders, and reports the path as JSON', async () => {
    const project = tempDir();
    const r = await runEngram(['--project', project, '--json', 'init']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ path: path.join(project, '.engram') });
    const memory = fs.readFileSync(path.join(project, '.engram', 'MEMORY.md'), 'utf8');
    for (const section of ['Context', 'Rules', 'Decisions', 'Knowledge', 'Patterns', 'Gotchas', 'Superseded']) {
      expect(memory).toContain(`## ${section}\n`);
    }
    for (const dir of ['sessions', 'tasks', 'skills', 'agents', 'commands', 'dreams']) {
      expect(fs.statSync(path.join(project, '.engram', dir)).isDirectory()).toBe(true);
    }
  });

  it('is idempotent and never touches a MEMORY.md a person edited', async () => {
    const project = tempDir();
    await runEngram(['init'], { cwd: project });
    const file = path.join(project, '.engram', 'MEMORY.md');
    const edited = '# Mémoire\r\n\r\n## Règles\r\n- toujours tester <!-- id:mabc123 -->\r\n';
    fs.writeFileSync(file, edited);
    const again = await runEngram(['init'], { cwd: project });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already initialized');
    expect(fs.readFileSync(file, 'utf8')).toBe(edited);
  });

  it('fails with one line and exit 1 when the project folder does not exist', async () => {
    const missing = path.join(tempDir(), 'nope');
    const r = await runEngram(['--project', missing, 'init']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`There is no folder at ${missing}`);
    expect(fs.existsSync(missing)).toBe(false);
  });

  it('fails clearly when the project path is a file', async () => {
    const file = path.join(tempDir(), 'file.txt');
    fs.writeFileSync(file, 'x');
    const r = await runEngram(['--project', file, 'init']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is a file, not a folder');
  });
});

describe('a new database opened by several processes at once', () => {
  it('is created once: every process starts, none trips over the others’ migrations', async () => {
    const data = tempDir();
    const projects = Array.from({ length: 6 }, () => tempDir());
    const runs = await Promise.all(projects.map((p) => runEngram(['--json', '--data-dir', data, '--project', p, 'memory', 'search', 'anything'])));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
  }, 120_000);
});
