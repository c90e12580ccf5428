/**
 * Run as its own process (see startTsProcess): opens one brand-new data folder after another,
 * each at an agreed wall-clock moment, so that every process of the race opens the same folder
 * at the same instant, and writes to it as Engram does at start-up (opening a project). Prints
 * "ready" once loaded, reads the start moment (ms since the epoch) from stdin, and prints one
 * JSON line: the project ids it got and every error it met.
 *
 * argv: <root> <rounds> <stepMs> <folder>
 */
import path from 'node:path';
import { openDatabase } from '../../../main/db/database';
import { ProjectStore } from '../../../main/projects/projectStore';

const [root, rounds, step, folder] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4]), process.argv[5]];

function race(startAt: number): void {
  const ids: Array<string | null> = [];
  const errors: string[] = [];
  for (let i = 0; i < rounds; i++) {
    const at = startAt + i * step;
    while (Date.now() < at) {
      // Busy-wait: timers would wake each process at a slightly different moment.
    }
    try {
      const db = openDatabase(path.join(root, `round-${i}`), { log: () => {} });
      try {
        ids.push(new ProjectStore(db).open(folder).id);
      } finally {
        db.close();
      }
    } catch (err) {
      ids.push(null);
      errors.push(`round ${i}: ${(err as { code?: string }).code ?? ''} ${(err as Error).message}`);
    }
  }
  process.stdout.write(JSON.stringify({ ids, errors }) + '\n');
}

process.stdout.write('ready\n');
process.stdin.once('data', (d) => race(Number(String(d).trim())));
