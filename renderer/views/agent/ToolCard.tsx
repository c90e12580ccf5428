import type { AgentTranscriptItem } from '../../../contract';

type ToolItem = Extract<AgentTranscriptItem, { kind: 'tool' }>;

const STATUS_LABEL: Record<ToolItem['status'], string> = {
  running: 'running…',
  ok: 'done',
  error: 'failed',
  denied: 'denied',
  refused: 'refused',
  cancelled: 'cancelled',
};

/** One tool call: what was asked, and its result (a diff for edits, the output for bash). */
export function ToolCard({ item }: { item: ToolItem }) {
  const input = (item.input ?? {}) as Record<string, unknown>;
  const summary =
    item.tool === 'bash' ? String(input.command ?? '')
    : typeof input.file_path === 'string' ? input.file_path
    : typeof input.pattern === 'string' ? input.pattern
    : typeof input.query === 'string' ? input.query
    : typeof input.description === 'string' ? input.description
    : typeof input.name === 'string' ? input.name
    : typeof input.text === 'string' ? input.text.slice(0, 80)
    : '';
  return (
    <article className={`tool-card tool-${item.status}`} aria-label={`${item.tool} ${summary}`}>
      <header>
        <span className="tool-name">{item.tool}</span>
        <code className="tool-summary">{summary}</code>
        <span className="tool-status">{STATUS_LABEL[item.status]}</span>
      </header>
      {item.meta?.diff ? <DiffView diff={item.meta.diff} /> : null}
      {!item.meta?.diff && item.output && (item.tool === 'bash' || item.status !== 'ok') ? (
        <pre className="tool-output">{item.output}</pre>
      ) : null}
    </article>
  );
}

function DiffView({ diff }: { diff: string }) {
  // The first four lines are the patch header (Index/===/---/+++): the card header says the file.
  const lines = diff.split('\n').filter((l) => !/^(Index: |={5,}|--- |\+\+\+ )/.test(l));
  return (
    <pre className="tool-diff" aria-label="Diff">
      {lines.map((line, i) => (
        <span key={i} className={line.startsWith('+') ? 'diff-add' : line.startsWith('-') ? 'diff-del' : line.startsWith('@@') ? 'diff-hunk' : undefined}>
          {line + '\n'}
        </span>
      ))}
    </pre>
  );
}
