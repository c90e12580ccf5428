import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { contentSecurityPolicyMeta } from './main/server/contentSecurityPolicy';

/**
 * Three bundles: main (the Electron shell, the CLI and, later, the PTY host: all plain Node
 * except main/electron), preload (sandboxed, so self-contained CJS) and the renderer.
 * Native modules stay external: they are loaded from node_modules (or .electron-native/).
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'main/electron/main.ts'),
          cli: resolve(__dirname, 'main/cli/index.ts'),
          ptyHost: resolve(__dirname, 'main/pty/hostProcess/ptyHostMain.ts'),
        },
        external: ['better-sqlite3', 'node-pty', 'electron'],
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: { input: { index: resolve(__dirname, 'preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react(), contentSecurityPolicyInBuild()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: resolve(__dirname, 'renderer/index.html') },
    },
  },
});

/**
 * Writes the page's Content-Security-Policy into the built index.html as a <meta>: what
 * applies when Electron loads it from file:// (no HTTP header there). Build only: the dev
 * server's React refresh needs an inline script.
 */
function contentSecurityPolicyInBuild(): Plugin {
  return {
    name: 'engram-content-security-policy',
    apply: 'build',
    transformIndexHtml: {
      order: 'pre',
      handler: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicyMeta() }, injectTo: 'head-prepend' }],
    },
  };
}
