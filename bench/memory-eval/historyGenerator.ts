import { pick, seededRandom } from '../../test/helpers/seededRandom';
import { ACTIONS, AREAS, CATEGORIES, COMMANDS, DIRS, FILE_ROLES, FN_NOUNS, FN_VERBS, NOISE_LIBS, REASONS, VERBS, cap } from './vocabulary';

/**
 * Generates a project's memory as many sessions would have written it: mostly everyday notes,
 * with planted facts of four kinds (decisions, rules, renamed files, deprecated functions)
 * written at any point of the history, the last sessions included, so a recency window
 * legitimately holds some of them. Some decisions are revised later; then only the newer one
 * answers the question (half the time the old entry is superseded, half the time it simply
 * stays in memory beside the new one). Questions paraphrase the fact (other names for the
 * area, the category, the action; other word forms) and share only one or two content words
 * with it; renamed files are asked about by their old or new name or by what they hold, deprecated
 * functions by their old or new name. Distractors share the question's words but do not answer it. The history ends on
 * `end`, so recency means the same to the engine as it would in a live project.
 */
export interface HistoryEntry {
  kind: 'decisions' | 'rules' | 'knowledge' | 'patterns' | 'gotchas' | 'context';
  text: string;
  source: string;
  at: string;
  /** Names a planted fact, so a later entry can supersede it. */
  key?: string;
  /** Written by superseding the planted fact with this key (it moves to Superseded). */
  supersedes?: string;
}

export type FactType = 'decision' | 'revision' | 'rule' | 'rename' | 'deprecation';

export interface PlantedQuestion {
  id: string;
  type: FactType;
  question: string;
  /** A string that appears only in the fact and must appear in the context for it to count. */
  answer: string;
  /** For a revised decision: the superseded answer, which does not count. */
  stale?: string;
  /** The session that wrote the needed fact (0 = oldest). */
  session: number;
}

export interface GeneratedHistory {
  /** Oldest first. */
  entries: HistoryEntry[];
  questions: PlantedQuestion[];
  sessions: number;
}

export interface HistoryOptions {
  sessions?: number;
  perSession?: number;
  /** Planted facts of each kind (half the decisions get revised). */
  factsPerType?: number;
  /** The day of the last session (ms since epoch); sessions are two days apart. */
  end?: number;
}

const DAY = 86_400_000;

export function generateHistory(seed: number, options: HistoryOptions = {}): GeneratedHistory {
  const { sessions = 40, perSession = 60, factsPerType = 10 } = options;
  const end = Math.floor((options.end ?? Date.UTC(2026, 5, 1)) / DAY) * DAY;
  const rand = seededRandom(seed);
  const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const unique = uniquePicker();
  const planned: HistoryEntry[][] = Array.from({ length: sessions }, () => []);
  const plant = (session: number, entry: Omit<HistoryEntry, 'source' | 'at'>) => planned[session].push(entry as HistoryEntry);
  const questions: PlantedQuestion[] = [];
  const ask = (q: Omit<PlantedQuestion, 'id'>) => questions.push({ id: `q${questions.length + 1}`, ...q });
  const areas = Object.keys(AREAS);
  const synonym = (area: string) => pick(rand, AREAS[area]);
  const anywhere = () => between(0, sessions - 1);

  for (let i = 0; i < factsPerType; i++) {
    // Decisions; every other one is revised later.
    {
      const [area, category] = unique('decision', () => [pick(rand, areas), pick(rand, CATEGORIES)] as const, ([a, c]) => `${a}/${c.name}`);
      const [lib, alt, newLib] = shuffled(rand, category.libs);
      const revised = i % 2 === 1;
      const at = revised ? between(0, sessions - 2) : anywhere();
      const key = `decision${i}`;
      const answer = `${area} ${category.name} goes through ${lib}`;
      plant(at, { kind: 'decisions', key, text: `Decided: ${answer}; dropped ${alt} because ${pick(rand, REASONS)}.` });
      const question = pick(rand, [
        `Which library does ${area} use for ${pick(rand, category.asked)}?`,
        `What did we pick for ${category.name} in ${synonym(area)}?`,
      ]);
      if (!revised) {
        ask({ type: 'decision', question, answer, session: at });
      } else {
        const later = between(at + 1, sessions - 1);
        const newAnswer = `For ${area}, ${category.name} now goes through ${newLib}`;
        const text = `${newAnswer} instead of ${lib}, since ${pick(rand, REASONS)}.`;
        plant(later, { kind: 'decisions', text, ...(i % 4 === 1 ? { supersedes: key } : {}) });
        ask({ type: 'revision', question, answer: newAnswer, stale: answer, session: later });
      }
      plant(anywhere(), { kind: 'gotchas', text: `${cap(synonym(area))} ${category.name} errors are now shown inline next to the field.` });
      plant(anywhere(), {
        kind: 'context',
        text: `Compared ${lib} and ${pick(rand, NOISE_LIBS)} for ${area} ${pick(rand, category.asked)} again; no change made.`,
      });
    }
    // Rules.
    {
      const [area, action] = unique('rule', () => [pick(rand, areas), pick(rand, ACTIONS)] as const, ([a, x]) => `${a}/${x.name}`);
      const cmd = pick(rand, COMMANDS);
      const at = anywhere();
      const answer = `\`${cmd}\` before ${action.name} in ${area}`;
      plant(at, { kind: 'rules', text: `Always run ${answer}.` });
      const question = pick(rand, [
        `What has to happen before ${pick(rand, action.asked)} in ${area}?`,
        `Before ${action.name} in ${synonym(area)}, what do I run?`,
      ]);
      ask({ type: 'rule', question, answer, session: at });
      plant(anywhere(), { kind: 'knowledge', text: `${cap(action.asked[0])} for ${area} takes about ten minutes on CI.` });
      plant(anywhere(), { kind: 'context', text: `${cap(action.name)} in ${synonym(area)} failed once last week; a retry fixed it.` });
    }
    // Renamed files, asked about by the old name or by the new one.
    {
      const [area, role] = unique('rename', () => [pick(rand, areas), pick(rand, FILE_ROLES)] as const, ([a, r]) => `${a}/${r}`);
      const oldBase = `${area}${role}.ts`;
      const oldFile = `${pick(rand, DIRS)}/${oldBase}`;
      const newFile = `${pick(rand, DIRS)}/${area}/${role.toLowerCase()}.ts`;
      const at = anywhere();
      const answer = `${oldFile} to ${newFile}`;
      plant(at, { kind: 'knowledge', text: `Renamed ${answer}; imports were updated.` });
      // By the old name, by the new one, or by what the file is (words only the new path has).
      const question = [
        `Where did ${oldBase} end up?`,
        `What was ${newFile} called before the move?`,
        `Which file holds the ${area} ${role.toLowerCase()} now?`,
      ][i % 3];
      ask({ type: 'rename', question, answer, session: at });
      plant(anywhere(), { kind: 'gotchas', text: `${oldBase} has a long history of flaky ${area} tests.` });
      plant(anywhere(), { kind: 'patterns', text: `${newFile} grew past 800 lines; consider splitting it by ${area} feature.` });
    }
    // Deprecated functions, asked about by the old name or by the new one.
    {
      const [area, noun] = unique('deprecation', () => [pick(rand, areas), pick(rand, FN_NOUNS)] as const, ([a, n]) => `${a}/${n}`);
      const oldFn = `${pick(rand, FN_VERBS)}${cap(area)}${noun}`;
      const newFn = `stream${cap(area)}${noun}s`;
      const at = anywhere();
      plant(at, { kind: 'gotchas', text: `${oldFn}() is deprecated; call ${newFn}() instead, it streams results.` });
      const byOld = i % 2 === 0;
      ask({
        type: 'deprecation',
        question: byOld ? `Is ${oldFn} still fine to call?` : `What did ${newFn} replace?`,
        answer: byOld ? `call ${newFn}() instead` : `${oldFn}() is deprecated`,
        session: at,
      });
      plant(anywhere(), { kind: 'knowledge', text: `${oldFn}() was profiled again; it is slow on large ${area} batches.` });
      plant(anywhere(), { kind: 'gotchas', text: `${newFn}() logs a warning when its stream is closed early.` });
    }
  }

  const entries: HistoryEntry[] = [];
  const fn = () => `${pick(rand, FN_VERBS)}${cap(pick(rand, areas))}${pick(rand, FN_NOUNS)}`;
  const file = () => `${pick(rand, DIRS)}/${pick(rand, areas)}${pick(rand, FILE_ROLES)}.ts`;
  for (let s = 0; s < sessions; s++) {
    const source = `ses_${String(s).padStart(3, '0')}`;
    const at = new Date(end - (sessions - 1 - s) * 2 * DAY).toISOString();
    const day: HistoryEntry[] = [];
    for (let i = 0; i < perSession; i++) {
      const area = pick(rand, areas);
      const noise = [
        () => ({ kind: 'knowledge' as const, text: `${cap(pick(rand, VERBS))} the ${area} module; ${fn()} in ${file()} now handles empty input.` }),
        () => ({ kind: 'context' as const, text: `Session worked on ${area}: ${pick(rand, VERBS)} ${fn()} and looked at ${pick(rand, NOISE_LIBS)} options.` }),
        () => ({ kind: 'patterns' as const, text: `In ${area} code, errors from ${fn()} are wrapped before they reach the UI.` }),
        () => ({ kind: 'gotchas' as const, text: `${cap(area)} tests are flaky when ${pick(rand, NOISE_LIBS)} runs with a cold cache.` }),
        () => ({ kind: 'knowledge' as const, text: `The ${area} endpoint returns ${between(10, 500)} rows per page by default.` }),
      ];
      day.push({ ...pick(rand, noise)(), source, at });
    }
    // Planted entries land at random places among the session's notes.
    for (const entry of planned[s]) day.splice(between(0, day.length), 0, { ...entry, source, at });
    entries.push(...day);
  }
  return { entries, questions, sessions };
}

/** Picks values whose key was not picked before under the same name (there are more than enough). */
function uniquePicker() {
  const used = new Set<string>();
  return <T>(name: string, make: () => T, key: (v: T) => string): T => {
    for (;;) {
      const v = make();
      const k = `${name}:${key(v)}`;
      if (used.has(k)) continue;
      used.add(k);
      return v;
    }
  };
}

function shuffled<T>(rand: () => number, list: readonly T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
