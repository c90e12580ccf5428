import type { ModelMessage } from 'ai';

/**
 * Makes a stored history valid to send: a run that died between a tool call and its result
 * (a crash, a killed process) leaves calls without results, which every provider rejects.
 * Those calls get an "interrupted" result; nothing stored is changed.
 */
export function repairHistory(messages: ModelMessage[]): ModelMessage[] {
  const out: ModelMessage[] = [];
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    out.push(m);
    if (m.role !== 'assistant' || typeof m.content === 'string') continue;
    const calls = m.content.filter((p) => p.type === 'tool-call');
    if (!calls.length) continue;
    const next = messages[i + 1];
    const answered = new Set(
      next?.role === 'tool' ? next.content.filter((p) => p.type === 'tool-result').map((p) => p.toolCallId) : [],
    );
    const missing = calls.filter((c) => !answered.has(c.toolCallId));
    if (!missing.length) continue;
    const results = missing.map((c) => ({
      type: 'tool-result' as const,
      toolCallId: c.toolCallId,
      toolName: c.toolName,
      output: { type: 'error-text' as const, value: 'Interrupted: this call did not finish (the run was stopped).' },
    }));
    if (next?.role === 'tool') {
      out.push({ ...next, content: [...next.content, ...results] });
      i++;
    } else out.push({ role: 'tool', content: results });
  }
  return out;
}
