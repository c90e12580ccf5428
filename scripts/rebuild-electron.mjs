#!/usr/bin/env node
// Builds a second copy of better-sqlite3 for Electron's ABI into .electron-native/, so that
// `npm test` (plain Node, node_modules' copy) and `npm start` (Electron, this copy, passed as
// better-sqlite3's `nativeBinding` by main/electron) both work, in either order, without
// rebuilding node_modules back and forth. node-pty uses N-API and needs no second copy.
// Does nothing when the copy for the installed Electron version already exists.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const outDir = path.join(root, '.electron-native');
const target = path.join(outDir, 'better_sqlite3.node');
const stamp = path.join(outDir, 'electron-version');
const electronVersion = require('electron/package.json').version;
const arch = process.env.npm_config_arch || process.arch;

if (fs.existsSync(target) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === `${electronVersion}-${arch}`) {
  process.exit(0);
}

process.stderr.write(`engram: building better-sqlite3 for Electron ${electronVersion} (${arch}) into .electron-native/ (once)…\n`);
const work = path.join(outDir, 'better-sqlite3');
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });
fs.cpSync(path.dirname(require.resolve('better-sqlite3/package.json')), work, {
  recursive: true,
  filter: (src) => !src.includes(`${path.sep}build${path.sep}`) && !src.endsWith(`${path.sep}build`),
});

// Electron's headers, not Node's: drop a nodedir that points npm/node-gyp at Node's headers.
const env = { ...process.env };
for (const key of Object.keys(env)) if (/^npm_config_nodedir$/i.test(key)) delete env[key];
const common = { cwd: work, env, stdio: 'inherit' };

// A prebuilt binary when one is published for this Electron; otherwise compile it.
const prebuild = spawnSync(process.execPath, [require.resolve('prebuild-install/bin.js'), '--runtime', 'electron', '--target', electronVersion, '--arch', arch], common);
if (prebuild.status !== 0) {
  // node-gyp ships inside npm: next to the npm running this script, or next to this node.
  const nodeGyp = [
    process.env.npm_execpath && path.join(path.dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ].find((p) => p && fs.existsSync(p));
  if (!nodeGyp) {
    process.stderr.write('engram: no prebuilt better-sqlite3 for this Electron and node-gyp was not found; run "npm run rebuild:electron" through npm.\n');
    process.exit(1);
  }
  const gyp = spawnSync(process.execPath, [nodeGyp, 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${arch}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'], common);
  if (gyp.status !== 0) {
    fs.rmSync(work, { recursive: true, force: true });
    process.stderr.write('engram: could not build better-sqlite3 for Electron; see the output above (it needs Electron\'s headers from electronjs.org, Python and a C++ toolchain).\n');
    process.exit(1);
  }
}
fs.copyFileSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), target);
fs.writeFileSync(stamp, `${electronVersion}-${arch}\n`);
fs.rmSync(work, { recursive: true, force: true });
process.stderr.write(`engram: ready: ${path.relative(root, target)}\n`);
