import fs from 'node:fs';
import path from 'node:path';

/** One dialog turn, as the data set gives it in `memory import` form. */
export interface Turn {
  text: string;
  kind: string;
  /** The turn id (`D3:14`): what evidence is named by. */
  source: string;
  at: string;
}

export interface Question {
  id: string;
  query: string;
  category: string;
  answer: string;
  /** Turn ids holding the evidence. */
  evidence: string[];
}

export interface Conversation {
  name: string;
  turns: Turn[];
  questions: Question[];
}

const FOLDER = path.join('shared', 'data', 'locomo-dev');

/**
 * Where the LoCoMo development half is: `ENGRAM_LOCOMO_DIR` when set, else `shared/data/locomo-dev`
 * beside the repository (as in CI, `../shared/data`) or beside one of its parent folders (a
 * worktree sits deeper). The data is read in place: it is licensed for evaluation only and
 * never copied into the repository. Null when absent.
 */
export function locomoDir(repoRoot: string): string | null {
  const env = process.env.ENGRAM_LOCOMO_DIR;
  if (env) return fs.existsSync(env) ? path.resolve(env) : null;
  for (let dir = path.dirname(path.resolve(repoRoot)); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, FOLDER);
    if (fs.existsSync(path.join(candidate, 'README.md'))) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

export function loadConversations(dir: string): Conversation[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'turns.jsonl')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const at = (f: string) => path.join(dir, name, f);
      const turns = jsonLines(at('turns.jsonl')) as Turn[];
      const gold = JSON.parse(fs.readFileSync(at('gold.json'), 'utf8')) as Record<string, string[]>;
      const questions = (jsonLines(at('queries.jsonl')) as Omit<Question, 'evidence'>[])
        .map((q) => ({ ...q, answer: String(q.answer), evidence: gold[q.id] ?? [] }))
        .filter((q) => q.evidence.length > 0);
      return { name, turns, questions };
    });
}

function jsonLines(file: string): unknown[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}
