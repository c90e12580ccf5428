import os from 'node:os';
import { describe, it } from 'vitest';
import { ms, percentile, recordSection, table } from './harness';
import { openDatabase } from '../main/db/database';
import { DataVersionWatch, OUTSIDE_WRITE_POLL_MS } from '../main/db/dataVersionWatch';
import { OutsideWrites } from '../main/core/outsideWrites';
import { EventLog } from '../main/memory/events/eventLog';
import { SessionStore } from '../main/agent/sessions/sessionStore';
import { benchTempDirs } from './benchTemp';

const temp = benchTempDirs();

const IDLE_MS = 20_000;
const PROJECTS = 5;

/** CPU time (user + system) this process spends over `wallMs` with `setup` running, in ms. */
async function cpuOver(wallMs: number, setup: () => () => void): Promise<number> {
  const stop = setup();
  const before = process.cpuUsage();
  await new Promise((r) => setTimeout(r, wallMs));
  const used = process.cpuUsage(before);
  stop();
  return (used.user + used.system) / 1000;
}

/** A data dir with a large history: memory events, sessions and usage rows over five projects. */
function seeded(): { dataDir: string; projects: Array<{ id: string; path: string }> } {
  const dataDir = temp();
  const projects = Array.from({ length: PROJECTS }, (_, i) => ({ id: `prj_${i}`, path: temp() }));
  const db = openDatabase(dataDir);
  const log = new EventLog(db);
  const sessions = new SessionStore(db);
  db.transaction(() => {
    for (let i = 0; i < 100_000; i++) {
      log.record(projects[i % PROJECTS].path, { type: 'added', id: `m${i.toString(16)}`, text: `Event ${i}`, actor: 'agent', session: null });
    }
    for (let i = 0; i < 2_000; i++) {
      const s = sessions.create({ projectPath: projects[i % PROJECTS].path, title: `Session ${i}`, mode: 'build', system: '', model: 'm' });
      for (let r = 0; r < 20; r++) {
        sessions.addUsage(s.id, { provider: 'p', model: 'm', input: 1000, output: 50, cacheRead: 0, cacheWrite: 0, cost: 0.001 });
      }
    }
  })();
  db.close();
  return { dataDir, projects };
}

describe('views following other processes: what the database poll costs', () => {
  it('idle, and per write another process makes', async () => {
    const { dataDir, projects } = seeded();
    const db = openDatabase(dataDir);
    const other = openDatabase(dataDir);
    const load = os.loadavg()[0].toFixed(1);

    // Idle: nothing writes. The poll against the same timer doing nothing, and no timer at all.
    const nothing = await cpuOver(IDLE_MS, () => () => {});
    const timerOnly = await cpuOver(IDLE_MS, () => {
      const t = setInterval(() => {}, OUTSIDE_WRITE_POLL_MS);
      return () => clearInterval(t);
    });
    const polled = await cpuOver(IDLE_MS, () => {
      const w = new DataVersionWatch(db, () => {});
      w.start();
      return () => w.stop();
    });
    const perMinute = (v: number) => (v * 60_000) / IDLE_MS;

    // One look when nothing changed, many times (what each tick costs).
    const watch = new DataVersionWatch(db, () => {});
    const n = 100_000;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) watch.check();
    const perLookUs = Number(process.hrtime.bigint() - t0) / n / 1000;

    // Another connection commits: the markers of five open projects are read and compared.
    let told = 0;
    const outside = new OutsideWrites({ db, projects: () => projects, onChange: () => told++ });
    const store = new SessionStore(other);
    const compares: number[] = [];
    for (let i = 0; i < 200; i++) {
      store.create({ projectPath: projects[i % PROJECTS].path, title: `Outside ${i}`, mode: 'build', system: '', model: null });
      const a = performance.now();
      outside.check();
      compares.push(performance.now() - a);
    }
    db.close();
    other.close();
    if (told !== 200) throw new Error(`expected every outside write to be noticed, got ${told}`);

    recordSection(
      'outside-writes',
      'Views following other processes (database poll)',
      [
        `The host reads \`PRAGMA data_version\` every ${OUTSIDE_WRITE_POLL_MS} ms (main/db/dataVersionWatch.ts); only when another`,
        `process committed does it read its per-project markers (main/core/outsideWrites.ts). CPU time of this process over`,
        `${IDLE_MS / 1000} s idle each, as CPU per minute; load average ${load} on this machine while it ran.`,
        '',
        table(
          ['idle, per minute', 'CPU', 'vs. the bare timer'],
          [
            ['no timer (baseline)', ms(perMinute(nothing)), ''],
            [`a bare ${OUTSIDE_WRITE_POLL_MS} ms timer`, ms(perMinute(timerOnly)), '1.00×'],
            ['the poll (timer + PRAGMA data_version)', ms(perMinute(polled)), `${(polled / Math.max(timerOnly, 0.001)).toFixed(2)}×`],
          ],
        ),
        '',
        `One look that finds nothing changed: ${perLookUs.toFixed(2)} µs. The poll's whole idle cost is ` +
          `${((perMinute(polled) / 60_000) * 100).toFixed(3)}% of one core.`,
        '',
        `After another process's write, with ${PROJECTS} open projects over 100,000 timeline rows, 2,000 sessions and 40,000 usage rows: ` +
          `reading and comparing the markers takes ${ms(percentile(compares, 50))} (median), ${ms(percentile(compares, 95))} (p95).`,
      ].join('\n'),
    );
  });
});
