#!/usr/bin/env node
// `npm run bench [-- name-filter]`: builds, runs bench/*.bench.ts, and writes BENCHMARKS.md with
// the machine and the date. Sections not run this time are kept as BENCHMARKS.md has them.
// `--no-build` skips the build (the evaluations read no built output: `npm run eval`).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const resultsDir = path.join(root, 'test-results', 'bench');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const args = process.argv.slice(2);
const filter = args.filter((a) => a !== '--no-build');

if (!args.includes('--no-build')) {
  const build = spawnSync(bin('electron-vite'), ['build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(1);
}
const run = spawnSync(bin('vitest'), ['run', '--project', 'bench', ...filter], { cwd: root, stdio: 'inherit' });

const measured = fs.existsSync(resultsDir)
  ? fs.readdirSync(resultsDir).filter((f) => f.endsWith('.json')).sort()
      .map((f) => JSON.parse(fs.readFileSync(path.join(resultsDir, f), 'utf8')))
  : [];
// test-results/ is not committed, so a fresh checkout that runs one section must not drop the others:
// sections already in BENCHMARKS.md keep their place and text unless this run measured them again.
const benchmarksFile = path.join(root, 'BENCHMARKS.md');
const previous = fs.existsSync(benchmarksFile)
  ? fs.readFileSync(benchmarksFile, 'utf8').split(/^## /m).slice(1).map((chunk) => {
      const newline = chunk.indexOf('\n');
      return { title: chunk.slice(0, newline).trim(), markdown: chunk.slice(newline + 1).trim() };
    })
  : [];
const byTitle = new Map(measured.map((s) => [s.title, s]));
const sections = [
  ...previous.map((s) => byTitle.get(s.title) ?? s),
  ...measured.filter((s) => !previous.some((p) => p.title === s.title)),
];
const cpus = os.cpus();
const machine = [
  `- Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  `- Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}`,
  `- Node ${process.version}`,
].join('\n');
const doc = [
  '# Benchmarks',
  '',
  'Written by `npm run bench`. Every figure is compared with a baseline measured in the same run on the same machine:',
  'ratios hold on a noisy machine, absolute times do not.',
  '',
  machine,
  '',
  ...sections.map((s) => `## ${s.title}\n\n${s.markdown}\n`),
].join('\n');
fs.writeFileSync(benchmarksFile, doc);
process.stdout.write(`\nWrote BENCHMARKS.md (${sections.length} sections)\n`);
process.exit(run.status ?? 1);
