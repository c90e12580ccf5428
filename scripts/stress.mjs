#!/usr/bin/env node
// `npm run stress [-- --runs N --style append|rename|both --adders N --adds N --no-build]`:
// builds, then reruns the concurrency stress of issue 16 (real processes, real files) and prints,
// per run, the person's lines written and kept. Exits 1 if any line was lost.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { concurrencyStress } from './stress/concurrency.mjs';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    style: { type: 'string', default: 'both' },
    adders: { type: 'string', default: '8' },
    adds: { type: 'string', default: '50' },
    interval: { type: 'string', default: '30' },
    'no-build': { type: 'boolean', default: false },
  },
});
if (!values['no-build']) {
  const build = spawnSync(path.join(root, 'node_modules', '.bin', 'electron-vite'), ['build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(1);
}
const styles = values.style === 'both' ? ['append', 'rename'] : [values.style];
let lostTotal = 0;
for (const style of styles) {
  for (let i = 1; i <= Number(values.runs); i++) {
    const started = Date.now();
    const r = await concurrencyStress({ style, adders: Number(values.adders), adds: Number(values.adds), interval: Number(values.interval) });
    lostTotal += r.lost.length;
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `${style.padEnd(6)} run ${i}: hand lines written ${r.written}, kept ${r.kept}, kept beside (conflict copy) ${r.keptBeside}, lost ${r.lost.length}` +
        `${r.lost.length ? ` (${r.lost.slice(0, 10).join(', ')}${r.lost.length > 10 ? ', …' : ''})` : ''}; ` +
        `adds ${r.addsOk} ok, ${r.addsFailed} failed; dreams ${r.dreams}; ${secs} s\n`,
    );
    for (const e of [...new Set(r.addErrors)].slice(0, 3)) process.stdout.write(`    add error: ${e}\n`);
    for (const e of [...new Set(r.dreamErrors)].slice(0, 3)) process.stdout.write(`    dream error: ${e}\n`);
  }
}
process.stdout.write(lostTotal ? `\nLOST ${lostTotal} hand-written lines\n` : '\nNo hand-written line lost.\n');
process.exit(lostTotal ? 1 : 0);
