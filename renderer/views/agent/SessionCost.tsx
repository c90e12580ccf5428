import type { AgentSessionSummary } from '../../../contract';

const n = (x: number) => x.toLocaleString();

/** A session's tokens (cached ones apart) and what they cost at the catalog's prices. */
export function SessionCost({ session, priced }: { session: AgentSessionSummary; priced: boolean }) {
  const cost = session.cost < 1 ? session.cost.toFixed(4) : session.cost.toFixed(2);
  const cached = session.cacheReadTokens + session.cacheWriteTokens;
  return (
    <span className="agent-muted session-cost" aria-label="Session usage" title="Tokens as the provider reported them; cost from the model catalog">
      {n(session.inputTokens)} in · {n(session.outputTokens)} out{cached ? ` · ${n(session.cacheReadTokens)} cache read` : ''} ·{' '}
      {priced || session.cost > 0 ? `$${cost}` : 'no price known for this model'}
    </span>
  );
}
