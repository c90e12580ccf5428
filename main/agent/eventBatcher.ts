import type { AgentEvent } from '../../contract';

/** Text deltas are sent at most this often, so a fast stream is a few events a second, not hundreds. */
export const TEXT_FLUSH_MS = 50;

/**
 * Coalesces a run's text deltas before they cross to the window; every other event flushes
 * the text first, so order is kept. `observe` sees every event as it comes.
 */
export function batchedEvents(send: (e: AgentEvent) => void, observe: (e: AgentEvent) => void = () => {}): (e: AgentEvent) => void {
  let text = '';
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!text) return;
    const e: AgentEvent = { type: 'text', text };
    text = '';
    send(e);
  };
  return (e) => {
    observe(e);
    if (e.type === 'text') {
      text += e.text;
      timer ??= setTimeout(flush, TEXT_FLUSH_MS);
      return;
    }
    flush();
    send(e);
  };
}
