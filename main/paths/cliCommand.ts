import fs from 'node:fs';
import path from 'node:path';
import { builtMainDir } from './builtAssets';

/**
 * What a person types to run the Engram CLI here: `engram` when the PATH has it (after
 * `npm link` or a global install), else `node <absolute path of bin/engram.js>`. Text in the
 * window that suggests a command uses this, so it works when pasted.
 */
export function cliCommand(env: NodeJS.ProcessEnv): string {
  const bin = [path.join(builtMainDir(), '..', '..', 'bin', 'engram.js'), path.join(__dirname, '..', '..', 'bin', 'engram.js')]
    .map((p) => path.resolve(p))
    .find((p) => fs.existsSync(p));
  if (!bin) return 'engram';
  const onPath = (env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .some((dir) => {
      try {
        return fs.realpathSync(path.join(dir, 'engram')) === fs.realpathSync(bin);
      } catch {
        return false;
      }
    });
  if (onPath) return 'engram';
  return /\s/.test(bin) ? `node "${bin}"` : `node ${bin}`;
}
