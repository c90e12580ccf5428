import path from 'node:path';

/**
 * Where the build put the renderer. The main-process bundles live in out/main/, so the
 * renderer is their sibling; ENGRAM_RENDERER_DIR overrides it (packaged layouts, tests).
 */
export function rendererDir(): string {
  return process.env.ENGRAM_RENDERER_DIR || path.join(__dirname, '..', 'renderer');
}
