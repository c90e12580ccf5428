import fs from 'node:fs';
import path from 'node:path';

/**
 * The folder of the built main-process bundles (out/main). Code runs from there or from its
 * chunks/ subfolder (commands are split into chunks), so look in both.
 */
export function builtMainDir(): string {
  const candidates = [__dirname, path.join(__dirname, '..')];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'cli.js')) || fs.existsSync(path.join(dir, 'index.js'))) ?? candidates[0];
}

/** Where the build put the renderer; ENGRAM_RENDERER_DIR overrides it (packaged layouts, tests). */
export function rendererDir(): string {
  return process.env.ENGRAM_RENDERER_DIR || path.join(builtMainDir(), '..', 'renderer');
}
