import { pick, seededRandom } from '../../test/helpers/seededRandom';

/**
 * Generates a project's memory as many sessions would have written it: mostly everyday notes
 * (which drown old facts in a recency window), with planted facts of four kinds (decisions,
 * rules, renamed files, deprecated functions) written early and asked about at the end.
 * Distractors reuse the same areas and names, so keyword overlap alone is not enough.
 */
export interface HistoryEntry {
  kind: 'decisions' | 'rules' | 'knowledge' | 'patterns' | 'gotchas' | 'context';
  text: string;
  source: string;
  at: string;
}

export interface PlantedQuestion {
  id: string;
  type: 'decision' | 'rule' | 'rename' | 'deprecation';
  question: string;
  /** A string that appears in the fact and must appear in the context for it to count. */
  answer: string;
}

export interface GeneratedHistory {
  entries: HistoryEntry[];
  questions: PlantedQuestion[];
}

const AREAS = ['billing', 'search', 'auth', 'export', 'sync', 'upload', 'logging', 'metrics', 'routing', 'caching', 'theming', 'onboarding', 'payments', 'reports', 'scheduler', 'webhooks'];
const LIBS = ['zod', 'valibot', 'pino', 'winston', 'drizzle', 'knex', 'prisma', 'fastify', 'hono', 'undici', 'got', 'vitest', 'mocha', 'luxon', 'dayjs', 'sharp', 'jimp', 'bullmq', 'agenda', 'redis'];
const DIRS = ['src/server', 'src/client', 'src/shared', 'lib/core', 'lib/util', 'app/api', 'app/ui', 'packages/common'];
const VERBS = ['refactored', 'profiled', 'reviewed', 'debugged', 'documented', 'tested', 'cleaned up', 'benchmarked'];
const COMMANDS = ['npm run lint', 'npm run typecheck', 'make migrate', 'npm run e2e', 'cargo fmt', 'npm run gen:types'];
const ACTIONS = ['pushing to main', 'tagging a release', 'merging a migration', 'opening a pull request', 'deploying staging', 'publishing the package'];

export function generateHistory(seed: number, sessions = 40, perSession = 60): GeneratedHistory {
  const rand = seededRandom(seed);
  const entries: HistoryEntry[] = [];
  const questions: PlantedQuestion[] = [];
  const start = Date.UTC(2026, 0, 1);
  const day = (s: number) => new Date(start + s * 2 * 86_400_000).toISOString();
  const fn = () => `${pick(rand, ['get', 'load', 'build', 'parse', 'sync', 'flush', 'resolve'])}${cap(pick(rand, AREAS))}${cap(pick(rand, ['Row', 'Item', 'State', 'Config', 'Batch', 'Token']))}`;
  const file = () => `${pick(rand, DIRS)}/${pick(rand, AREAS)}${pick(rand, ['Service', 'Store', 'Client', 'Handler', 'View'])}.ts`;
  const usedAreas = new Set<string>();
  const planted: { area: string; lib: string; alt: string; oldFn: string; oldFile: string; question: PlantedQuestion; revised: boolean }[] = [];
  let q = 0;

  for (let s = 0; s < sessions; s++) {
    const session = `ses_${String(s).padStart(3, '0')}`;
    const at = day(s);
    for (let i = 0; i < perSession; i++) {
      const area = pick(rand, AREAS);
      const noise = [
        () => ({ kind: 'knowledge' as const, text: `${cap(pick(rand, VERBS))} the ${area} module; ${fn()} in ${file()} now handles empty input.` }),
        () => ({ kind: 'context' as const, text: `Session worked on ${area}: ${pick(rand, VERBS)} ${fn()} and looked at ${pick(rand, LIBS)} options.` }),
        () => ({ kind: 'patterns' as const, text: `In ${area} code, errors from ${fn()} are wrapped before they reach the UI.` }),
        () => ({ kind: 'gotchas' as const, text: `${cap(area)} tests are flaky when ${pick(rand, LIBS)} runs with a cold cache.` }),
        () => ({ kind: 'knowledge' as const, text: `The ${area} endpoint returns ${Math.floor(rand() * 500)} rows per page by default.` }),
      ];
      entries.push({ ...pick(rand, noise)(), source: session, at });
    }
    // Later sessions keep mentioning planted names in passing: the fact has to outrank
    // newer entries that share its keywords.
    if (planted.length && s >= sessions / 2) {
      for (let k = 0; k < 3; k++) {
        const p = pick(rand, planted);
        entries.push(pick(rand, [
          { kind: 'knowledge' as const, text: `${p.oldFn}() was profiled again; it is slow on large ${p.area} batches.`, source: session, at },
          { kind: 'gotchas' as const, text: `${p.oldFile} has a long history of flaky ${p.area} tests.`, source: session, at },
          { kind: 'context' as const, text: `Compared ${p.alt} and ${pick(rand, LIBS)} for ${p.area} reports; no change made.`, source: session, at },
        ]));
      }
      // Some decisions are revised: the question then needs the newer one.
      if (s % 5 === 0) {
        const p = pick(rand, planted.filter((x) => !x.revised));
        if (p) {
          p.revised = true;
          const lib = pick(rand, LIBS.filter((l) => l !== p.lib && l !== p.alt));
          entries.push({ kind: 'decisions', text: `Switched ${p.area} from ${p.lib} to ${lib} after the upgrade.`, source: session, at });
          p.question.answer = `to ${lib}`;
        }
      }
    }
    // Plant facts in the first half only: by the end they are far outside a recency window.
    if (s < sessions / 2 && s % 2 === 0) {
      let area = pick(rand, AREAS);
      while (usedAreas.has(area) && usedAreas.size < AREAS.length) area = pick(rand, AREAS);
      usedAreas.add(area);
      const lib = pick(rand, LIBS);
      const alt = pick(rand, LIBS.filter((l) => l !== lib));
      entries.push({ kind: 'decisions', text: `Decided: ${area} uses ${lib} instead of ${alt}, because ${alt} leaked memory under load.`, source: session, at });
      const decision: PlantedQuestion = { id: `q${++q}`, type: 'decision', question: `Which library do we use for ${area}?`, answer: `${area} uses ${lib}` };
      questions.push(decision);

      const cmd = pick(rand, COMMANDS);
      const action = pick(rand, ACTIONS);
      entries.push({ kind: 'rules', text: `Always run \`${cmd}\` before ${action} in ${area}.`, source: session, at });
      questions.push({ id: `q${++q}`, type: 'rule', question: `What must I do before ${action} in ${area}?`, answer: cmd });

      const oldFile = `${pick(rand, DIRS)}/${area}Legacy${s}.ts`;
      const newFile = `${pick(rand, DIRS)}/${area}/index${s}.ts`;
      entries.push({ kind: 'knowledge', text: `Renamed ${oldFile} to ${newFile}; imports were updated.`, source: session, at });
      questions.push({ id: `q${++q}`, type: 'rename', question: `Where is ${oldFile} now?`, answer: newFile });

      const oldFn = `${area}Compute${s}`;
      const newFn = `${area}ComputeAsync${s}`;
      entries.push({ kind: 'gotchas', text: `${oldFn}() is deprecated; call ${newFn}() instead, it streams results.`, source: session, at });
      questions.push({ id: `q${++q}`, type: 'deprecation', question: `Can I still call ${oldFn}?`, answer: newFn });
      planted.push({ area, lib, alt, oldFn, oldFile, question: decision, revised: false });
    }
  }
  return { entries, questions };
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
