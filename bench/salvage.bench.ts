import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../main/db/database';
import { salvageDatabase } from '../main/db/salvage/salvageDatabase';
import { salvageByKind } from '../main/db/salvage/salvageSummary';
import { pagesOf, scribbleOverPageNumbers } from '../test/helpers/corruptDatabase';
import { seededRandom } from '../test/helpers/seededRandom';
import { ms, percentile, recordSection, table } from './harness';
import { benchTempDirs } from './benchTemp';

const temp = benchTempDirs();

/**
 * A data folder's engram.db with `sessions` agent sessions of 40 messages each and `events`
 * timeline events, written with SQL in the product's schema (the salvage reads rows, whoever
 * wrote them).
 */
function seed(dir: string, sessions: number, events: number): string {
  const db = openDatabase(dir, { log: () => {} });
  const rand = seededRandom(3);
  const text = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 1e9).toString(36)).join(' ');
  db.transaction(() => {
    const session = db.prepare(`INSERT INTO agent_sessions (id, project_path, title, mode, system, created_at, updated_at) VALUES (?, '/repo', ?, 'build', 'system', ?, ?)`);
    const message = db.prepare(`INSERT INTO agent_messages (session_id, role, content, created_at) VALUES (?, ?, ?, ?)`);
    const request = db.prepare(`INSERT INTO agent_requests (session_id, project_path, at, day, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens) VALUES (?, '/repo', ?, '2026-12-01', 1200, 80, 0, 0)`);
    for (let s = 0; s < sessions; s++) {
      const id = `ses_${String(s).padStart(26, '0')}`;
      const at = new Date(Date.UTC(2026, 0, 1) + s * 60_000).toISOString();
      session.run(id, `Session ${s}`, at, at);
      for (let m = 0; m < 40; m++) {
        message.run(id, m % 2 ? 'assistant' : 'user', JSON.stringify({ role: m % 2 ? 'assistant' : 'user', content: text(40 + Math.floor(rand() * 160)) }), at);
        if (m % 2) request.run(id, at);
      }
    }
    const event = db.prepare(`INSERT INTO memory_events (scope, at, type, entry_id, text, actor) VALUES ('/repo', ?, 'added', ?, ?, 'agent')`);
    for (let e = 0; e < events; e++) event.run(new Date(Date.UTC(2026, 0, 1) + e * 1000).toISOString(), `m${e.toString(16)}`, text(12));
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return path.join(dir, 'engram.db');
}

/** The same file with `share` of the leaf pages of the sessions' and timeline's tables overwritten. */
function damagedCopy(file: string, share: number): string {
  const copy = path.join(temp(), 'engram.db');
  fs.copyFileSync(file, copy);
  const leaves = pagesOf(copy, ['agent_messages', 'memory_events']).filter((p) => p.pagetype === 'leaf');
  const every = Math.round(1 / share);
  scribbleOverPageNumbers(copy, leaves.filter((_, i) => i % every === every - 1).map((p) => p.pageno));
  return copy;
}

function timeSalvage(file: string, runs: number): { times: number[]; kept: string } {
  const times: number[] = [];
  let kept = '';
  for (let i = 0; i < runs; i++) {
    const target = openDatabase(temp(), { log: () => {} });
    const t = performance.now();
    const report = salvageDatabase(target, file);
    times.push(performance.now() - t);
    target.close();
    kept = salvageByKind(report)
      .filter((k) => k.kind === 'messages' || k.kind === 'timeline')
      .map((k) => `${k.kept.toLocaleString('en')} / ${k.total?.toLocaleString('en') ?? '?'}`)
      .join(', ');
  }
  return { times, kept };
}

describe('salvage', () => {
  it('copying what only the database holds out of a damaged engram.db, against quick_check of the same file', () => {
    const rows: (string | number)[][] = [];
    for (const [sessions, events] of [
      [250, 20_000],
      [1_000, 100_000],
    ]) {
      const file = seed(temp(), sessions, events);
      const check: number[] = [];
      for (let i = 0; i < 5; i++) {
        const conn = new BetterSqlite3(file, { readonly: true });
        const t = performance.now();
        conn.pragma('quick_check(3)');
        check.push(performance.now() - t);
        conn.close();
      }
      const base = percentile(check, 50);
      for (const [label, source] of [
        ['intact', file],
        ['1 leaf in 10 overwritten', damagedCopy(file, 0.1)],
      ] as const) {
        const { times, kept } = timeSalvage(source, 5);
        const p50 = percentile(times, 50);
        rows.push([
          `${sessions.toLocaleString('en')} sessions (${(sessions * 40).toLocaleString('en')} messages), ${events.toLocaleString('en')} events`,
          `${(fs.statSync(file).size / 1048576).toFixed(0)} MiB`,
          label,
          kept,
          ms(base),
          ms(p50),
          `${(p50 / base).toFixed(1)}x`,
        ]);
      }
    }
    recordSection(
      'salvage',
      'Salvage: what a rebuilt engram.db copies back from the damaged one',
      [
        `After a damaged engram.db is moved aside, every readable row of its sessions, messages, tool calls, usage, timeline`,
        `and dream tables is copied into the fresh one (main/db/salvage/), one transaction per table, reading past damaged`,
        `pages by rowid. Baseline: PRAGMA quick_check of the same file, which the app already runs at every open. p50 of 5`,
        `runs each, load average ${os.loadavg()[0].toFixed(1)} at the end.`,
        '',
        table(['data', 'file', 'damage', 'messages, events kept / there', 'quick_check p50', 'salvage p50', 'salvage / check'], rows),
      ].join('\n'),
    );
  }, 1_800_000);
});
