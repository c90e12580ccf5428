import fs from 'node:fs';
import path from 'node:path';
import { processAlive } from './processAlive';

/** `.<name>.<pid>.<hex>.tmp`: the temp file writeFileAtomic writes beside its target. */
const TEMP_NAME = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;
/** No write takes this long: an older temp file is stale even if its pid was reused. */
const MAX_AGE_MS = 60 * 60 * 1000;

/**
 * Removes the temp files a write killed midway (kill -9, power loss) left in `dir`: those
 * whose process is gone, or that are an hour old. A live process's fresh one is left alone:
 * it may be writing right now.
 */
export function removeStaleTempFiles(dir: string, now = Date.now()): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m) continue;
    const file = path.join(dir, name);
    try {
      const stat = fs.lstatSync(file);
      if (!stat.isFile()) continue;
      if (processAlive(Number(m[1])) && now - stat.mtimeMs < MAX_AGE_MS) continue;
      fs.rmSync(file, { force: true });
      removed.push(file);
    } catch {
      // Gone meanwhile (its writer renamed it, or another cleaner took it).
    }
  }
  return removed;
}
