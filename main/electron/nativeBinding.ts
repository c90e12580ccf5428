import fs from 'node:fs';
import path from 'node:path';
import { builtMainDir } from '../paths/builtAssets';

/**
 * better-sqlite3 is compiled against one ABI. `npm test` needs Node's, the desktop app needs
 * Electron's, so `npm run rebuild:electron` builds a second copy into .electron-native/ and the
 * desktop shell (only) loads that one. In a packaged app electron-builder has already rebuilt
 * the module in place, so the default binding is right and this returns undefined.
 */
export function electronNativeBinding(): string | undefined {
  const candidate = path.join(builtMainDir(), '..', '..', '.electron-native', 'better_sqlite3.node');
  return fs.existsSync(candidate) ? candidate : undefined;
}
