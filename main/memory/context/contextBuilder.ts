import { BudgetedBlock, type BlockSection, type ContextItem } from './budgetedBlock';
import type { ContextRow, ContextSources } from './contextSources';
import { POOL, rankEntries, rankForQuery, type VectorHits } from './ranking';
import { SUPERSEDED } from '../kinds';
import { tokenCount, truncateToTokens } from './tokens';
import type { MemorySearch } from '../index/memorySearch';

export interface ContextRequest {
  query?: string;
  budget: number;
  /** The session whose checkpoint and notes to include; the most recent one by default. */
  session?: string;
}

export interface ContextBlock {
  tokens: number;
  budget: number;
  items: ContextItem[];
  text: string;
}

/** Shares of the budget each part may take at most; unused shares flow to relevant entries. */
const CAPS = { standing: 0.25, checkpoint: 0.3, notes: 0.08, tasks: 0.07, entry: 0.25 };
/** Rules and pinned entries read at most. */
const STANDING = 200;
/** Entries read for a block without a query (the newest). */
const CANDIDATES = 400;
/** One line, last in every block of a useful size: how to fetch what did not fit. */
const FETCH_HINT = '\nmemory_search finds more: other words, or an id from the list above.\n';
const HINT_MIN_BUDGET = 150;
/** The smallest entry line worth trying to fit: `- [id kind] ` plus a few words. */
const MIN_ENTRY_TOKENS = 12;

/**
 * Assembles the block the agent receives, in order: rules and pinned entries, the current
 * checkpoint, the entries most relevant to the query, notes and open tasks, and then one-line
 * index items for entries that did not fit, while budget remains.
 */
export function buildContext(
  sources: ContextSources,
  search: MemorySearch,
  scopes: { project: string; all: string[] },
  request: ContextRequest,
  vectorHits?: VectorHits,
): ContextBlock {
  const budget = Math.max(0, Math.floor(request.budget));
  const block = new BudgetedBlock(budget);
  const included = new Set<string>();
  const left: ContextRow[] = [];
  // No single entry may take more than this: a huge entry is cut, never crowds out the rest.
  const entryMax = Math.max(16, Math.floor(budget * CAPS.entry));

  const standingRows = sources.standing(scopes.all, STANDING);
  const candidates = request.query?.trim()
    ? rankForQuery(search, scopes.all, request.query, POOL, ['memory', 'topic'], POOL, vectorHits)
    : rankEntries(sources.recentEntries(scopes.all, CANDIDATES));
  const rules = relevantFirst(standingRows.filter((r) => r.kind === 'rules'), candidates);
  const plan = planRules(rules, budget);
  const standing = block.section('Rules and pinned', plan.cap);
  // Rules come first and whole at every budget (README): never cut, never behind other entries.
  for (const row of rules.slice(0, plan.fit)) {
    if (standing.add(renderEntry(row), item(row, 'full'))) included.add(row.id);
    else left.push(row);
  }
  left.push(...rules.slice(plan.fit));
  if (plan.fit < rules.length) standing.add(rulesLeftOut(rules.length - plan.fit, budget));
  for (const row of standingRows.filter((r) => r.kind !== 'rules')) {
    if (addEntry(standing, row, entryMax)) included.add(row.id);
    else left.push(row);
  }

  const checkpoint = sources.sessionDoc(scopes.project, 'checkpoint', request.session);
  if (checkpoint) addDocument(block.section(`Checkpoint (${checkpoint.source})`, budget * CAPS.checkpoint), checkpoint, 'head');

  const notes = sources.sessionDoc(scopes.project, 'notes', request.session ?? checkpoint?.source);
  const tasks = sources.openTasks(scopes.project, 20);
  const reserve = (notes ? budget * CAPS.notes : 0) + (tasks.length ? budget * CAPS.tasks : 0);

  // The closing line that tells the agent how to fetch more has its room kept from the start.
  const hint = budget >= HINT_MIN_BUDGET ? FETCH_HINT : '';
  const hintCost = tokenCount(hint);
  const relevant = block.section('Relevant memory', Math.max(0, block.remaining - reserve - hintCost));
  // The same text twice (an imported knowledge base with duplicates, a fact noted in two
  // sessions) is given once: a second copy tells the agent nothing and takes a copy's tokens.
  const texts = new Set<string>();
  for (const row of standingRows) if (included.has(row.id)) texts.add(row.body);
  for (const row of candidates) {
    if (row.kind === SUPERSEDED) continue;
    // The same entry twice (mid-move between MEMORY.md and a topic file) is given once.
    if (included.has(row.id) || texts.has(row.body)) continue;
    texts.add(row.body);
    if (addEntry(relevant, row, entryMax)) included.add(row.id);
    else left.push(row);
  }

  if (notes) addDocument(block.section(`Notes (${notes.source})`, budget * CAPS.notes), notes, 'tail');
  if (tasks.length) {
    const section = block.section('Open tasks', budget * CAPS.tasks);
    for (const task of tasks) {
      const [title, ...log] = task.body.split('\n');
      const last = log.filter((l) => l.trim()).pop() ?? '';
      const line = `- [${task.id} ${task.kind}] ${title}${last ? ` — ${last.replace(/^-\s*/, '')}` : ''}\n`;
      if (!section.add(line, item(task, 'full'))) break;
    }
  }

  const more = block.section('More in memory', block.remaining - hintCost);
  for (const row of left) {
    if (more.room < MIN_ENTRY_TOKENS) break;
    if (included.has(row.id)) continue;
    if (!more.add(`- ${row.id}: ${firstWords(row.body)}\n`, item(row, 'index'))) break;
    included.add(row.id);
  }
  if (hint) block.tryAdd([{ text: hint }], hintCost);
  const done = block.finish();
  return { tokens: done.tokens, budget, items: done.items, text: done.text };
}

const STANDING_HEADING = '## Rules and pinned\n';

/**
 * Rules in the order the query ranks them, the rest after in their own order: when a small budget
 * holds only some rules whole, the ones this question is about are the ones that go in.
 */
function relevantFirst(rules: ContextRow[], ranked: ContextRow[]): ContextRow[] {
  if (rules.length < 2) return rules;
  const rank = new Map<string, number>();
  ranked.forEach((row, i) => { if (!rank.has(row.id)) rank.set(row.id, i); });
  const at = (row: ContextRow) => rank.get(row.id) ?? Number.MAX_SAFE_INTEGER;
  return rules.map((row, i) => ({ row, i })).sort((a, b) => at(a.row) - at(b.row) || a.i - b.i).map((x) => x.row);
}

function renderEntry(row: ContextRow, body = row.body): string {
  return `- ${kindTag(row.kind)}${body.replace(/\n/g, '\n  ')}\n`;
}

function rulesLeftOut(n: number, budget: number): string {
  return `- (${n} rule${n === 1 ? '' : 's'} did not fit in ${budget} tokens; memory_search finds ${n === 1 ? 'it' : 'them'})\n`;
}

/**
 * How many rules go in whole, and the section's cap: its usual share of the budget, or more so
 * that at least the first rule fits at a small budget. When some rules stay out, room is kept
 * for the line that says so.
 */
function planRules(rules: ContextRow[], budget: number): { fit: number; cap: number } {
  const heading = tokenCount(STANDING_HEADING);
  const costs = rules.map((r) => tokenCount(renderEntry(r)));
  const cap = Math.max(budget * CAPS.standing, Math.min(budget, heading + (costs[0] ?? 0)));
  const fitting = (limit: number) => {
    let used = heading;
    let n = 0;
    while (n < costs.length && used + costs[n] <= limit) used += costs[n++];
    return n;
  };
  let fit = fitting(cap);
  if (fit < rules.length) {
    // The first rule and the line saying the others stayed out both get room when the budget has it.
    const noteCost = tokenCount(rulesLeftOut(rules.length - fit, budget));
    const withNote = Math.min(budget, Math.max(cap, heading + (costs[0] ?? 0) + noteCost));
    fit = fitting(withNote - noteCost);
    return { fit, cap: Math.max(withNote, heading + noteCost) };
  }
  return { fit, cap };
}

function addEntry(section: BlockSection, row: ContextRow, entryMax: number): boolean {
  // A full section cannot take even a short entry: skip the tokenizer, the costliest step.
  if (section.room < MIN_ENTRY_TOKENS) return false;
  const render = (body: string) => renderEntry(row, body);
  const full = render(row.body);
  // The stored count of the body plus the line's frame. Joining can merge a token or two at
  // the seams, so it is an estimate; the block is counted exactly once at the end (`finish`).
  const cost = row.tokens >= 0 && !row.body.includes('\n') ? row.tokens + frameTokens(row.kind, row.body) : tokenCount(full);
  if (cost <= entryMax) return section.add(full, item(row, 'full'), cost);
  const room = Math.min(entryMax, section.room);
  const overhead = tokenCount(render(''));
  const cut = truncateToTokens(row.body, room - overhead - 1);
  return cut ? section.add(render(cut), item(row, 'truncated')) : false;
}

/**
 * Tokens a line adds around its text: `-`, the kind tag and the line break. The space after
 * the dash joins the text's first token, and o200k joins a break to a closing period, question
 * or exclamation mark. `finish` recounts the whole and drops a trailing part if it is over.
 */
function frameTokens(kind: string, body: string): number {
  return tokenCount(`- ${kindTag(kind)}x`) - 1 + (/[.!?]$/.test(body) ? 0 : 1);
}

/** Checkpoints keep their head (the active intent leads); notes keep their newest tail. */
function addDocument(section: BlockSection, row: ContextRow, keep: 'head' | 'tail'): void {
  const text = row.body.trim() + '\n';
  if (section.add(text, item(row, 'full'))) return;
  const room = section.room - 2;
  if (room <= 0) return;
  const cut = keep === 'head' ? truncateToTokens(text, room) : keepTail(text, room);
  if (cut) section.add(cut.trimEnd() + '\n', item(row, 'truncated'));
}

function keepTail(text: string, max: number): string {
  const lines = text.trimEnd().split('\n');
  let used = tokenCount('…\n');
  let from = lines.length;
  while (from > 0) {
    const cost = tokenCount(lines[from - 1] + '\n');
    if (used + cost > max) break;
    used += cost;
    from--;
  }
  return from < lines.length ? '…\n' + lines.slice(from).join('\n') : '';
}

function item(row: ContextRow, form: ContextItem['form']): ContextItem {
  return { id: row.id, kind: row.kind, source: row.source, tokens: 0, form };
}

/**
 * Kinds other than plain knowledge are named before the text; ids are left out of entry lines:
 * no tool takes one, and at about five tokens each they cost a fifth of a short entry.
 */
function kindTag(kind: string): string {
  return kind === 'knowledge' ? '' : `(${kind}) `;
}

function firstWords(text: string, words = 10): string {
  const all = text.replace(/\s+/g, ' ').trim().split(' ');
  return all.slice(0, words).join(' ') + (all.length > words ? '…' : '');
}
