#!/usr/bin/env node
// `npm start`: build, then open the desktop window. Where the Electron binary is missing (it is
// downloaded by electron's installer, which some machines cannot reach), say so in one line and
// serve the same workbench to the browser instead.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

const build = spawnSync(path.join(root, 'node_modules', '.bin', 'electron-vite'), ['build', '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

const electronBinary = findElectron();
if (!electronBinary) {
  process.stderr.write(
    'engram: the Electron binary is not installed (npm ci ran with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or its download failed); serving the workbench to your browser instead.\n',
  );
  // `npm start -- PATH` opens PATH there too: the CLI takes it as --project.
  const serveArgs = args.flatMap((a) => (a.startsWith('-') ? [a] : ['--project', path.resolve(process.env.INIT_CWD || process.cwd(), a)]));
  run(process.execPath, [path.join(root, 'bin', 'engram.js'), ...serveArgs, 'serve']);
} else {
  const rebuild = spawnSync(process.execPath, [path.join(root, 'scripts', 'rebuild-electron.mjs')], { cwd: root, stdio: 'inherit' });
  if (rebuild.status !== 0) process.exit(rebuild.status ?? 1);
  // Relative paths are relative to where `npm start` was typed (npm runs scripts from the root).
  const cwd = process.env.INIT_CWD || process.cwd();
  run(electronBinary, [root, ...args.map((a) => (a.startsWith('-') ? a : path.resolve(cwd, a)))]);
}

function findElectron() {
  try {
    const binary = require('electron');
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

function run(cmd, argv) {
  const child = spawn(cmd, argv, { cwd: root, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}
