import fs from 'node:fs';
import path from 'node:path';
import type { MemoryDocument } from '../memory/markdown/memoryDocument';
import { SUPERSEDED } from '../memory/kinds';
import type { ModelAdvice } from './passes/modelAdvice';
import { connectionFailureText } from '../agent/providers/connectionFailure';
import { engramLayout } from '../../contract/engramLayout';

/** The one thing a dream needs from a model: text in, text out. */
export interface DreamModel {
  generate(prompt: string): Promise<string>;
}

const RECENT_DAYS = 7;
const MAX_CHECKPOINT_CHARS = 4000;

/**
 * Asks the model for advice as JSON and parses it defensively: anything unreadable yields no
 * advice (the deterministic passes still run); what is read is validated again when applied.
 */
export async function askModel(
  model: DreamModel,
  doc: MemoryDocument,
  root: string,
  log?: (line: string) => void,
): Promise<{ advice: ModelAdvice | null; problem: string | null }> {
  const sessions = recentSessions(root);
  let raw: string;
  try {
    raw = await model.generate(buildPrompt(doc, sessions));
  } catch (err) {
    const problem = `The dream's model pass failed (${connectionFailureText(err)}); deterministic passes only.`;
    log?.(`engram: ${problem}`);
    return { advice: null, problem };
  }
  const advice = parseAdvice(raw, sessions.map((s) => s.id));
  if (advice) return { advice, problem: null };
  const problem = 'The model answered something that is not the advice asked for; ignored.';
  log?.(`engram: ${problem}`);
  return { advice: null, problem };
}

export function parseAdvice(raw: string, sessions: string[]): ModelAdvice | null {
  const start = raw.indexOf('{');
  const end = raw.lastIndexOf('}');
  if (start < 0 || end <= start) return null;
  let data: unknown;
  try {
    data = JSON.parse(raw.slice(start, end + 1));
  } catch {
    return null;
  }
  if (!data || typeof data !== 'object') return null;
  const d = data as Record<string, unknown>;
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x) => x && typeof x === 'object') as Record<string, unknown>[] : []);
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    compress: list(d.compress).map((c) => ({ id: str(c.id), text: str(c.text) })),
    unverified: Array.isArray(d.unverified) ? d.unverified.filter((x): x is string => typeof x === 'string') : [],
    supersede: list(d.supersede).map((s) => ({ id: str(s.id), by: str(s.by) })),
    promote: list(d.promote).map((p) => ({ kind: str(p.kind), text: str(p.text), source: str(p.source) })),
    sessions,
  };
}

function buildPrompt(doc: MemoryDocument, sessions: { id: string; text: string }[]): string {
  const entries = doc.entries
    .filter((e) => e.kind !== SUPERSEDED)
    .map((e) => `- [${e.id}] (${e.kind}${e.meta.at ? `, ${e.meta.at}` : ''}) ${e.text}`)
    .join('\n');
  const recent = sessions.map((s) => `### session ${s.id}\n${s.text}`).join('\n\n');
  return [
    'You consolidate the memory of a coding agent. Answer with ONE JSON object and nothing else:',
    '{"compress":[{"id","text"}],"unverified":["id"],"supersede":[{"id","by"}],"promote":[{"kind","text","source"}]}',
    '- compress: a shorter wording of a verbose entry, keeping every file path and exact value.',
    '- unverified: entries whose claims cannot be verified from the repository or the sessions.',
    '- supersede: an entry contradicted by a newer one (by = the newer entry id).',
    '- promote: durable facts from the recent sessions below; source = the session id; kind one of context, rules, decisions, knowledge, patterns, gotchas.',
    'Leave a list empty when unsure. Never invent ids or paths.',
    '',
    '## Memory entries',
    entries || '(none)',
    '',
    '## Recent sessions (checkpoints)',
    recent || '(none)',
  ].join('\n');
}

function recentSessions(root: string): { id: string; text: string }[] {
  const dir = path.join(root, engramLayout.sessionsDir);
  const since = Date.now() - RECENT_DAYS * 86_400_000;
  const out: { id: string; text: string }[] = [];
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return out;
  }
  for (const id of names) {
    const file = path.join(root, engramLayout.checkpointFile(id));
    try {
      if (fs.statSync(file).mtimeMs < since) continue;
      out.push({ id, text: fs.readFileSync(file, 'utf8').slice(0, MAX_CHECKPOINT_CHARS) });
    } catch {
      // No checkpoint in this session.
    }
  }
  return out;
}
