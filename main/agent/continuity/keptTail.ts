import type { ModelMessage } from 'ai';
import { truncateToTokens } from '../../memory/context/tokens';
import { repairHistory } from '../loop/history';

export interface Row {
  id: number;
  message: ModelMessage;
}

/** The kept tail for a window: about 15% of the usable window, between 2k and 16k tokens. */
export function tailBudget(usable: number): number {
  return Math.min(16_000, Math.max(2_000, Math.floor(usable * 0.15)));
}

export function clearedMarker(toolName: string): string {
  return `[output of ${toolName} cleared when the context was rebuilt; the checkpoint has what mattered; run it again if you need it]`;
}

/**
 * Where the kept tail starts: the earliest message such that the tail fits `budget` (tool
 * outputs older than the newest tool message counted as their marker), never at a tool
 * message, so a tool call and its result stay together. At least the last turn is kept
 * whatever its size. Returns the row id, or null when there is nothing to keep.
 */
export function tailStart(rows: Row[], budget: number, cost: (row: Row, cleared: boolean) => number): { from: number; clearedBefore: number } | null {
  if (!rows.length) return null;
  const lastTool = [...rows].reverse().find((r) => r.message.role === 'tool');
  const clearedBefore = lastTool?.id ?? Number.MAX_SAFE_INTEGER;
  let total = 0;
  let from: number | null = null;
  for (let i = rows.length - 1; i >= 0; i--) {
    total += cost(rows[i], rows[i].id < clearedBefore);
    if (total > budget && from !== null) break;
    if (rows[i].message.role !== 'tool') from = rows[i].id;
  }
  return from === null ? null : { from, clearedBefore };
}

/**
 * The messages sent after a rebuild: the tail from `from`, with tool outputs before
 * `clearedBefore` replaced by a marker. A tail that does not open with the user is preceded
 * by the user's latest request from before it (some providers require a user message first,
 * and the request is worth keeping verbatim).
 */
export function tailMessages(all: Row[], from: number, clearedBefore: number, openingMax: number): ModelMessage[] {
  const tail = all.filter((r) => r.id >= from).map((r) => (r.id < clearedBefore ? clearOutputs(r.message) : r.message));
  const out: ModelMessage[] = [];
  if (tail[0]?.role !== 'user') {
    const ask = [...all].reverse().find((r) => r.id < from && r.message.role === 'user');
    const text = ask ? textOf(ask.message) : '';
    out.push({
      role: 'user',
      content: text
        ? `(The request this work is for, from before the rebuild:)\n${truncateToTokens(text, openingMax)}`
        : '(Earlier messages were condensed into the checkpoint; continue from there.)',
    });
  }
  return repairHistory([...out, ...tail]);
}

export function clearOutputs(m: ModelMessage): ModelMessage {
  if (m.role !== 'tool') return m;
  return {
    ...m,
    content: m.content.map((p) =>
      p.type === 'tool-result' ? { ...p, output: { type: 'text' as const, value: clearedMarker(p.toolName) } } : p,
    ),
  };
}

function textOf(m: ModelMessage): string {
  if (typeof m.content === 'string') return m.content;
  return m.content.map((p) => (p.type === 'text' ? p.text : '')).join('');
}
