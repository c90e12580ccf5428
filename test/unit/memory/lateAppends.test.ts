import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { replaceGuarded } from '../../../main/fs/guardedReplace';
import { tempDir } from '../../helpers/tempDir';

// A person's `>>` that opened MEMORY.md just before Engram swapped it writes into the replaced
// version. These put that write at the narrowest moments, deterministically, with a real
// O_APPEND descriptor on a real file.
const addLine = (line: string) => (cur: Buffer | null) => `${cur?.toString() ?? ''}${line}\n`;

function memoryFile(): string {
  const file = path.join(tempDir('engram-late-'), 'MEMORY.md');
  fs.writeFileSync(file, '# Memory\n- engram entry 1\n');
  return file;
}

describe('an append into the version Engram is replacing', () => {
  it('is kept when it lands after the replaced version was read back, before it is retired', () => {
    const file = memoryFile();
    const fd = fs.openSync(file, 'a'); // opened before the swap, written after it
    const copies: string[] = [];
    replaceGuarded(file, addLine('- engram entry 2'), {
      afterSwap: () => fs.writeSync(fd, '- hand entry 1\n'),
      onConflictCopy: (c) => copies.push(c),
    });
    fs.closeSync(fd);
    replaceGuarded(file, addLine('- engram entry 3'), { onConflictCopy: (c) => copies.push(c) });
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('- hand entry 1');
    expect(text).toContain('- engram entry 2');
    expect(text).toContain('- engram entry 3');
    expect(copies).toEqual([]);
  });

  it('is kept when it lands after the write returned, and the old text does not linger beside the file', () => {
    const file = memoryFile();
    fs.appendFileSync(file, '- token sk-removed-by-hand\n');
    replaceGuarded(file, (cur) => cur!.toString().replace('- token sk-removed-by-hand\n', ''));
    const fd = fs.openSync(file, 'a');
    replaceGuarded(file, addLine('- engram entry 2'));
    fs.writeSync(fd, '- hand entry late\n');
    fs.closeSync(fd);
    const hidden = fs.readdirSync(path.dirname(file)).filter((f) => f.startsWith('.MEMORY.md.engram-prev-'));
    expect(hidden.length).toBeGreaterThan(0);
    for (const h of hidden) expect(fs.readFileSync(path.join(path.dirname(file), h), 'utf8')).not.toContain('sk-removed-by-hand');
    replaceGuarded(file, addLine('- engram entry 3'));
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('- hand entry late');
    expect(text.match(/- hand entry late/g)).toHaveLength(1);
    expect(text).not.toContain('sk-removed-by-hand');
  });

  it('is kept beside the file when a whole save lands on top of it before the next write', () => {
    const file = memoryFile();
    const fd = fs.openSync(file, 'a');
    replaceGuarded(file, addLine('- engram entry 2'));
    fs.writeSync(fd, '- hand entry late\n');
    fs.closeSync(fd);
    const copies: string[] = [];
    // The next write reads the late line, then an editor saves a version without it.
    let saved = false;
    replaceGuarded(
      file,
      (cur) => {
        if (!saved) {
          saved = true;
          fs.writeFileSync(`${file}.tmp`, '# Memory\n- rewritten by hand\n');
          fs.renameSync(`${file}.tmp`, file);
        }
        return `${cur?.toString() ?? ''}- engram entry 3\n`;
      },
      { onConflictCopy: (c) => copies.push(c) },
    );
    const everywhere = [fs.readFileSync(file, 'utf8'), ...copies.map((c) => fs.readFileSync(c, 'utf8'))].join('\n');
    expect(fs.readFileSync(file, 'utf8')).toContain('- rewritten by hand');
    expect(everywhere).toContain('- hand entry late');
  });
});

describe('a reader of the version Engram is replacing', () => {
  // The interleaving that lost a run of a person's lines under load: their editor opened
  // MEMORY.md to reload it just before an Engram write swapped it, and read it once the write
  // had retired the old version. Zeroed in place, it read NUL bytes, and saved them plus its new
  // line over MEMORY.md.
  it('reads the whole version it opened, however late it reads', () => {
    const file = memoryFile();
    fs.appendFileSync(file, '- hand entry 1\n- hand entry 2\n');
    const opened = fs.readFileSync(file);
    const fd = fs.openSync(file, 'r'); // the editor's reload, opened before the swap
    replaceGuarded(file, addLine('- engram entry 2'));
    const read = fs.readFileSync(fd);
    fs.closeSync(fd);
    expect(read.toString()).toBe(opened.toString());
    // Its save (what it read plus a line) is planned on by the next write: nothing lost.
    fs.writeFileSync(`${file}.editor`, Buffer.concat([read, Buffer.from('- hand entry 3\n')]));
    fs.renameSync(`${file}.editor`, file);
    replaceGuarded(file, addLine('- engram entry 3'));
    const text = fs.readFileSync(file, 'utf8');
    for (const l of ['- hand entry 1', '- hand entry 2', '- hand entry 3', '- engram entry 3']) expect(text).toContain(l);
    expect(text).not.toContain('\0');
  });

  it('reads every line the file still holds when the write removed one; the removed one is gone', () => {
    const file = memoryFile();
    fs.appendFileSync(file, '- token sk-removed-by-engram\n- hand entry 1\n');
    const fd = fs.openSync(file, 'r');
    replaceGuarded(file, (cur) => `${cur!.toString().replace('- token sk-removed-by-engram\n', '')}- engram entry 2\n`);
    const read = fs.readFileSync(fd, 'latin1');
    fs.closeSync(fd);
    expect(read).toContain('# Memory\n- engram entry 1\n');
    expect(read).toContain('- hand entry 1\n');
    expect(read).not.toContain('sk-removed-by-engram');
  });
});

describe('the replaced version Engram keeps beside a large file', () => {
  const hidden = (file: string) =>
    fs
      .readdirSync(path.dirname(file))
      .filter((f) => f.startsWith('.MEMORY.md.engram-prev-'))
      .map((f) => fs.readFileSync(path.join(path.dirname(file), f), 'latin1'));

  it('no longer holds a line the write removed from its middle, and still holds every line it kept or moved', () => {
    const file = path.join(tempDir('engram-prev-'), 'MEMORY.md');
    const lines = Array.from({ length: 2000 }, (_, i) => `- entry ${i} about the billing service`);
    lines[1000] = '- token sk-in-the-middle-of-a-big-file';
    lines[1500] = '- moved to the end by this write';
    fs.writeFileSync(file, `# Memory\n${lines.join('\n')}\n`);
    replaceGuarded(file, (cur) => {
      const text = cur!.toString().replace('- token sk-in-the-middle-of-a-big-file\n', '- edited in place\n').replace('- moved to the end by this write\n', '');
      return `${text}- moved to the end by this write\n`;
    });
    const [prev] = hidden(file);
    expect(prev).not.toContain('sk-in-the-middle-of-a-big-file');
    // The retired version keeps its size: the removed line's bytes are zeroed, not cut.
    expect(prev).toContain('\0'.repeat('- token sk-in-the-middle-of-a-big-file'.length));
    for (const kept of ['- entry 999 about the billing service', '- entry 1001 about the billing service', '- moved to the end by this write', '- entry 1999 about the billing service']) {
      expect(prev).toContain(kept);
    }
  });

  it('no longer holds the last line when a write replaced it (no line ending after it)', () => {
    const file = path.join(tempDir('engram-prev-'), 'MEMORY.md');
    const lines = Array.from({ length: 200 }, (_, i) => `- entry ${i}`);
    fs.writeFileSync(file, `# Memory\n${lines.join('\n')}\n- token sk-at-the-end`);
    replaceGuarded(file, (cur) => cur!.toString().replace('- token sk-at-the-end', '- token gone'));
    const [prev] = hidden(file);
    expect(prev).not.toContain('sk-at-the-end');
    expect(prev).toContain('- entry 199\n');
  });
});
