import { useEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { MemoryTimelineEvent } from '../../../contract';

interface Props {
  total: number;
  eventAt(index: number): MemoryTimelineEvent | undefined;
  ensureRange(first: number, last: number): void;
  selected: string | null;
  onSelect(event: MemoryTimelineEvent): void;
}

const ROW_HEIGHT = 58;

/** The timeline, virtualized over its full length: only the rows in view exist in the DOM. */
export function TimelineList({ total, eventAt, ensureRange, selected, onSelect }: Props) {
  const parent = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (total) ensureRange(first, last);
  }, [first, last, total, ensureRange]);

  return (
    <div ref={parent} className="timeline-scroll">
      <ol className="timeline" aria-label="Memory timeline" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((row) => {
          const e = eventAt(row.index);
          return (
            <li
              key={row.index}
              className="timeline-row"
              style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}
              aria-setsize={total}
              aria-posinset={row.index + 1}
            >
              {e ? (
                <button
                  type="button"
                  className={`timeline-item${selected === e.id ? ' selected' : ''}`}
                  onClick={() => onSelect(e)}
                >
                  <span className={`event-type type-${e.type}`}>{e.type}</span>
                  <span className="event-text">{e.text.replace(/\s+/g, ' ')}</span>
                  <span className="event-meta">
                    <time dateTime={e.at}>{formatTime(e.at)}</time> · {e.actor}
                    {e.session ? ` · ${e.session}` : ''} · <code>{e.id}</code>
                  </span>
                </button>
              ) : (
                <div className="timeline-item placeholder" aria-busy="true">
                  <span className="event-type">…</span>
                  <span className="event-text">Loading…</span>
                </div>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
