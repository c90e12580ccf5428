import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ensurePersonalFoldersIgnored } from '../../../main/teamMemory/personalFiles';
import { setUpTeamMemory } from '../../../main/teamMemory/teamSetup';
import { tempDir } from '../../helpers/tempDir';
import { git } from './teamRepo';

/**
 * A person's save that lands after Engram read `file` and planned its change, just before the
 * swap: the moment Engram creates its temp file beside `file` (every write of Engram's does,
 * the plain atomic write as the guarded one), `line` is appended to the real file.
 */
function saveLandsWhileWriting(file: string, line: string): { landed: () => boolean } {
  let landed = false;
  const openSync = fs.openSync;
  const temp = new RegExp(`^\\.${path.basename(file).replace(/\./g, '\\.')}\\..*\\.tmp$`);
  vi.spyOn(fs, 'openSync').mockImplementation(((p: fs.PathLike, ...rest: unknown[]) => {
    if (!landed && typeof p === 'string' && path.dirname(p) === path.dirname(file) && temp.test(path.basename(p))) {
      landed = true;
      fs.appendFileSync(file, line);
    }
    return (openSync as (...a: unknown[]) => number)(p, ...rest);
  }) as typeof fs.openSync);
  return { landed: () => landed };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('team-memory files a person may be editing while Engram adds its lines', () => {
  it(".gitattributes: the person's line saved meanwhile is kept, and Engram's are added", () => {
    const root = tempDir('engram-attr-');
    git(root, 'init', '-q');
    const file = path.join(root, '.gitattributes');
    fs.writeFileSync(file, '*.png binary\n');
    const save = saveLandsWhileWriting(file, '*.sh text eol=lf\n');
    const result = setUpTeamMemory(root, 'engram merge-driver %O %A %B %P');
    expect(save.landed()).toBe(true);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('*.png binary\n');
    expect(text).toContain('*.sh text eol=lf\n');
    for (const line of result.attributesAdded) expect(text).toContain(line);
    expect(result.attributesAdded.length).toBeGreaterThan(0);
  });

  it(".engram/.gitignore: the person's line saved meanwhile is kept, and the personal patterns are added", () => {
    const engramDir = path.join(tempDir('engram-ignore-'), '.engram');
    fs.mkdirSync(engramDir);
    const file = path.join(engramDir, '.gitignore');
    fs.writeFileSync(file, 'scratch/\n');
    const save = saveLandsWhileWriting(file, 'drafts/\n');
    expect(ensurePersonalFoldersIgnored(engramDir)).toBe(true);
    expect(save.landed()).toBe(true);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('scratch/\n');
    expect(text).toContain('drafts/\n');
    expect(text).toContain('sessions/\n');
  });
});
