import type { ModelMessage } from 'ai';
import { tokenCount, truncateToTokens } from '../../memory/context/tokens';

/**
 * Messages as plain text for the checkpoint writer: who said what, which tool ran with what
 * arguments, and its result, each result cut to `resultMax` tokens (the head is kept: commands
 * print what they were given, ports and paths, first). When the whole is still over `budget`,
 * the oldest messages go first, with a line saying so.
 */
export function transcriptText(messages: ModelMessage[], budget: number, resultMax: number): string {
  const blocks = messages.map((m) => messageText(m, resultMax));
  let total = blocks.reduce((n, b) => n + tokenCount(b), 0);
  let from = 0;
  while (total > budget && from < blocks.length - 1) total -= tokenCount(blocks[from++]);
  const kept = blocks.slice(from);
  if (from) kept.unshift(`[${from} older messages left out: they did not fit the writer's window]`);
  const text = kept.join('\n\n');
  return tokenCount(text) > budget ? truncateToTokens(text, budget) : text;
}

function messageText(m: ModelMessage, resultMax: number): string {
  if (m.role === 'system') return `SYSTEM: ${m.content}`;
  if (typeof m.content === 'string') return `${m.role.toUpperCase()}: ${m.content}`;
  const lines: string[] = [];
  for (const part of m.content) {
    if (part.type === 'text') lines.push(`${m.role.toUpperCase()}: ${part.text}`);
    else if (part.type === 'tool-call') lines.push(`TOOL CALL ${part.toolName} ${truncateToTokens(JSON.stringify(part.input ?? {}), resultMax)}`);
    else if (part.type === 'tool-result') lines.push(`TOOL RESULT ${part.toolName}: ${truncateToTokens(resultValue(part.output), resultMax, '\n… [cut]')}`);
  }
  return lines.join('\n');
}

export function resultValue(output: unknown): string {
  const o = output as { type?: string; value?: unknown };
  if (o && typeof o.value === 'string') return o.value;
  return JSON.stringify(o?.value ?? output ?? '');
}
