import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { engram, git, gitTry } from './teamRepo';

describe('engram init --team', () => {
  it('adds the attributes and registers the driver once, keeping what .gitattributes already had', async () => {
    const root = path.join(tempDir('engram-init-team-'), 'repo');
    git(path.dirname(root), 'init', '-q', '-b', 'main', root);
    fs.writeFileSync(path.join(root, '.gitattributes'), '*.png binary');
    const first = await engram(root, '--json', 'init', '--team');
    expect(first.code).toBe(0);
    const out = JSON.parse(first.stdout);
    expect(out).toMatchObject({ path: path.join(root, '.engram'), team: true });
    expect(out.attributesAdded).toEqual([
      '.engram/MEMORY.md merge=engram',
      '.engram/memory/*.md merge=engram',
      '.engram/tasks/*/progress.md merge=engram',
    ]);
    const attributes = fs.readFileSync(path.join(root, '.gitattributes'), 'utf8');
    expect(attributes.startsWith('*.png binary\n')).toBe(true);
    expect(git(root, 'check-attr', 'merge', '--', '.engram/tasks/t1/progress.md', '.engram/memory/gotchas.md', '.engram/dreams/d1.md')).toBe(
      '.engram/tasks/t1/progress.md: merge: engram\n.engram/memory/gotchas.md: merge: engram\n.engram/dreams/d1.md: merge: unspecified\n',
    );
    expect(git(root, 'config', '--local', '--get', 'merge.engram.name')).toBe('Engram memory: merge by entry id\n');
    expect(git(root, 'config', '--local', '--get', 'merge.engram.driver')).toMatch(/bin\/engram\.js merge-driver %O %A %B %P\n$/);

    // Sessions stay personal; the rest of .engram/ is shared.
    fs.mkdirSync(path.join(root, '.engram/sessions/ses_1'), { recursive: true });
    fs.writeFileSync(path.join(root, '.engram/sessions/ses_1/notes.md'), '- n\n');
    expect(gitTry(root, 'check-ignore', '-q', '.engram/sessions/ses_1/notes.md').ok).toBe(true);
    expect(gitTry(root, 'check-ignore', '-q', '.engram/MEMORY.md').ok).toBe(false);

    const again = await engram(root, 'init', '--team');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already initialized; nothing changed');
    expect(again.stdout).toContain('.gitattributes already sends memory files to the engram merge driver');
    expect(again.stdout).toContain('The merge driver was already registered');
    expect(fs.readFileSync(path.join(root, '.gitattributes'), 'utf8')).toBe(attributes);
  });

  it('refuses outside a git repository with a clear reason, and plain init stays quiet there', async () => {
    const root = tempDir('engram-init-nogit-');
    const team = await engram(root, 'init', '--team');
    expect(team.code).toBe(1);
    expect(team.stderr).toBe(`engram: ${root} is not inside a git repository: run "git init" first, then "engram init --team"\n`);
    const plain = await engram(root, 'init');
    expect(plain.code).toBe(0);
    expect(plain.stderr).toBe('');
    expect(fs.readFileSync(path.join(root, '.engram/.gitignore'), 'utf8')).toContain('sessions/');
  });
});
