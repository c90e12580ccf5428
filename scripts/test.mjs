#!/usr/bin/env node
// `npm test`: typecheck, build, then every vitest project but the benchmarks, and a closing
// summary line ("N passed, N failed, N skipped") read from vitest's JSON report.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const report = path.join(root, 'test-results', 'vitest.json');

function step(title, cmd, args) {
  process.stdout.write(`\n▶ ${title}\n`);
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  return res.status ?? 1;
}

if (step('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']) !== 0) process.exit(1);
if (step('build', bin('electron-vite'), ['build', '--logLevel', 'warn']) !== 0) process.exit(1);
fs.rmSync(report, { force: true });
const extra = process.argv.slice(2);
const status = step('tests (unit, e2e)', bin('vitest'), [
  'run', '--project', 'unit', '--project', 'e2e',
  '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra,
]);

let summary = 'no test report was written';
try {
  const r = JSON.parse(fs.readFileSync(report, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  summary = `${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`;
  if (r.numTotalTests === 0) summary = '0 passed, 1 failed (no test ran)';
} catch {}
process.stdout.write(`\n${summary}\n`);
process.exit(status);
