import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { ms, percentile, recordSection, table } from './harness';
import { ENGRAM_BIN } from '../test/helpers/cli';
import { pick, seededRandom } from '../test/helpers/seededRandom';
import { benchTempDirs } from './benchTemp';

const temp = benchTempDirs();

const rand = seededRandom(11);
const VOCAB = Array.from({ length: 4000 }, (_, i) => `w${i.toString(36)}`);
const KINDS = ['knowledge', 'rules', 'decisions', 'gotchas', 'patterns', 'context'];

/** A JSON-lines export of about `mb` megabytes (entries of ~200 bytes), written in pieces. */
function exportFile(dir: string, mb: number): { file: string; entries: number } {
  const file = path.join(dir, `export-${mb}mb.jsonl`);
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  let entries = 0;
  while (bytes < mb * 1_000_000) {
    const lines: string[] = [];
    for (let i = 0; i < 5000; i++, entries++) {
      const words = Array.from({ length: 20 + Math.floor(rand() * 20) }, () => pick(rand, VOCAB)).join(' ');
      lines.push(JSON.stringify({ text: `fact ${entries}: ${words}`, kind: KINDS[entries % KINDS.length] }));
    }
    const chunk = lines.join('\n') + '\n';
    fs.writeSync(fd, chunk);
    bytes += Buffer.byteLength(chunk);
  }
  fs.closeSync(fd);
  return { file, entries };
}

/** Runs the CLI under GNU time: wall time and peak resident memory of the process. */
function measured(args: string[]): { ok: boolean; seconds: number; peakMb: number; stderr: string } {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, ENGRAM_BIN, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [seconds, kb] = last.split(' ').map(Number);
  return { ok: r.status === 0, seconds, peakMb: kb / 1024, stderr: r.stderr };
}

describe('integrity', () => {
  it('quick_check at open, and memory import peak memory', () => {
    // 1. What PRAGMA quick_check costs at open, next to opening and to a whole `memory search`.
    const checkRows: (string | number)[][] = [];
    for (const mb of [3.4, 17]) {
      const project = temp();
      const data = temp();
      const { file, entries } = exportFile(project, mb);
      measured(['--project', project, '--data-dir', data, 'memory', 'import', file]);
      const db = path.join(data, 'engram.db');
      const open: number[] = [];
      const check: number[] = [];
      for (let i = 0; i < 7; i++) {
        let t = performance.now();
        const conn = new BetterSqlite3(db);
        conn.pragma('busy_timeout = 5000');
        open.push(performance.now() - t);
        t = performance.now();
        conn.pragma('quick_check(3)');
        check.push(performance.now() - t);
        conn.close();
      }
      const search = Array.from({ length: 5 }, () => measured(['--project', project, '--data-dir', data, 'memory', 'search', 'w1a w2b']).seconds * 1000);
      const p50 = percentile(check, 50);
      checkRows.push([
        entries.toLocaleString('en'),
        `${(fs.statSync(db).size / 1048576).toFixed(0)} MiB`,
        ms(percentile(open, 50)),
        ms(p50),
        ms(percentile(search, 50)),
        `${((p50 / percentile(search, 50)) * 100).toFixed(0)} %`,
      ]);
    }

    // 2. Peak memory of `memory import` by file size, against the CLI's own floor (a search).
    const importRows: (string | number)[][] = [];
    let floor = 0;
    for (const mb of [20, 100, 200]) {
      const project = temp();
      const data = temp();
      const { file, entries } = exportFile(project, mb);
      const run = measured(['--project', project, '--data-dir', data, 'memory', 'import', file]);
      if (!floor) floor = measured(['--project', project, '--data-dir', data, 'memory', 'search', 'w1a']).peakMb;
      importRows.push([
        `${mb} MB`,
        entries.toLocaleString('en'),
        run.ok ? 'imported' : `failed: ${run.stderr.split('\n')[0]}`,
        `${run.seconds.toFixed(1)} s`,
        `${run.peakMb.toFixed(0)} MB`,
        `${(run.peakMb / floor).toFixed(2)}x`,
      ]);
      fs.rmSync(project, { recursive: true, force: true });
      fs.rmSync(data, { recursive: true, force: true });
    }

    recordSection(
      'integrity',
      'Integrity: quick_check at open, memory import memory',
      [
        'PRAGMA quick_check reads every page of engram.db. It runs at open in the long-lived and heavy users (desktop,',
        '`serve`, `mcp`, `run`, `dream`, `distill`, `memory reindex`); the one-shot memory commands skip it and catch',
        'SQLITE_CORRUPT instead. Baseline: opening the file, and a whole `engram memory search` process.',
        '',
        table(['entries', 'engram.db', 'open p50', 'quick_check p50', '`memory search` p50', 'check / search'], checkRows),
        '',
        '`engram memory import` of generated JSON lines (~200 bytes an entry), peak resident memory from GNU time.',
        `Baseline: the peak of a \`memory search\` process on the same data, ${floor.toFixed(0)} MB. Before streaming, 200 MB took`,
        '1.56 GB (issue 16) and 600 MB failed with ERR_STRING_TOO_LONG; now a MEMORY.md over 256 MiB is refused before',
        'anything is written.',
        '',
        table(['file', 'entries', 'result', 'time', 'peak RSS', 'peak / search'], importRows),
      ].join('\n'),
    );
  }, 1_800_000);
});
