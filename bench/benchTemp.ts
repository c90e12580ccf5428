import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/**
 * A bench file's temporary folders: each call makes one (real path, so projects compare equal
 * to what the engine resolves), and all of them are removed when the file's benches end.
 */
export function benchTempDirs(): () => string {
  const made: string[] = [];
  afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  return () => {
    const d = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'engram-bench-')));
    made.push(d);
    return d;
  };
}
