import type { EmbeddingState, EmbeddingStatus } from '../../../contract';

const STATE_LABEL: Record<EmbeddingState, string> = {
  off: 'Off',
  embedding: 'Embedding',
  ready: 'Ready',
  unreachable: 'Unreachable',
  failed: 'Failing',
};

/** A time of today as the clock shows it; another day's with its date (a failure another process recorded). */
function when(iso: string): string {
  const at = new Date(iso);
  return at.toDateString() === new Date().toDateString() ? at.toLocaleTimeString() : at.toLocaleString();
}

function progress(s: EmbeddingStatus): string {
  const model = `${s.model}${s.dimensions ? `, ${s.dimensions} dimensions` : ''} · ${s.backend}`;
  return `embedded ${s.embedded.toLocaleString('en-US')} of ${s.total.toLocaleString('en-US')} entries (${model})`;
}

/** The status line while nothing is wrong: how far background embedding is, with which model. */
export function embeddingStatusText(s: EmbeddingStatus): string {
  if (s.state === 'off') return `Off: memory search is lexical (${s.total.toLocaleString('en-US')} entries).`;
  return `${STATE_LABEL[s.state]}: ${progress(s)}.`;
}

/**
 * Background embedding for the open project. A failure leads with what went wrong and when (it
 * may be another process's: the CLI, another window), says that memory search goes on without
 * it, and keeps the raw reason in a details line.
 */
export function EmbeddingStatusView({ status, projectName }: { status: EmbeddingStatus; projectName: string | null }) {
  const prefix = projectName ? `${projectName}: ` : '';
  if (!status.error) {
    return (
      <p aria-label="Embedding status" className={`embedding-status embedding-${status.state}`}>
        {prefix}
        {embeddingStatusText(status)}
      </p>
    );
  }
  const since = status.failedAt ? ` at ${when(status.failedAt)}` : '';
  const lead = status.state === 'unreachable' ? `The embedding model could not be reached${since}` : `Embedding failed${since}`;
  return (
    <div aria-label="Embedding status" role="status" className={`embedding-status embedding-${status.state}`}>
      <p className="embedding-lead">
        <strong>{lead}:</strong> {status.error}
      </p>
      <p>
        Memory search keeps working meanwhile, lexical only (as with semantic search off).
        {status.retryAt ? ` Next try at ${when(status.retryAt)}.` : ''}
      </p>
      <p className="embedding-progress">
        {prefix}
        {STATE_LABEL[status.state]}: {progress(status)}.
      </p>
      {status.errorDetail ? <p className="settings-detail">Details: {status.errorDetail}</p> : null}
    </div>
  );
}
