import fs from 'node:fs';
import path from 'node:path';

export const BENCH_RESULTS_DIR = path.resolve(__dirname, '..', 'test-results', 'bench');

/**
 * Records one section of BENCHMARKS.md. Each bench file measures its subject against a
 * baseline taken in the same run and writes a markdown section; `npm run bench` assembles
 * them with the machine and the date.
 */
export function recordSection(id: string, title: string, markdown: string): void {
  fs.mkdirSync(BENCH_RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(BENCH_RESULTS_DIR, `${id}.json`), JSON.stringify({ id, title, markdown }));
  process.stdout.write(`\n## ${title}\n\n${markdown}\n`);
}

/** Percentile of a list of numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** Milliseconds each of `runs` calls of `fn` took, in order. */
export function timeRuns(fn: () => unknown, runs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}

/** A markdown table from a header row and body rows. */
export function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export const ms = (v: number) => `${v.toFixed(v < 1 ? 3 : v < 10 ? 2 : 1)} ms`;
