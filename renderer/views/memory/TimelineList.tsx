import { useEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { MemoryTimelineEvent } from '../../../preload/api';

interface Props {
  events: MemoryTimelineEvent[];
  hasMore: boolean;
  selected: string | null;
  onSelect(id: string): void;
  onNeedMore(): void;
}

const ROW_HEIGHT = 58;

/** The timeline, virtualized: only the rows in view exist in the DOM, however long it is. */
export function TimelineList({ events, hasMore, selected, onSelect, onNeedMore }: Props) {
  const parent = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: events.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];

  useEffect(() => {
    if (last && hasMore && last.index >= events.length - 40) onNeedMore();
  }, [last?.index, hasMore, events.length, onNeedMore]);

  return (
    <div ref={parent} className="timeline-scroll">
      <ol className="timeline" aria-label="Memory timeline" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((row) => {
          const e = events[row.index];
          return (
            <li
              key={e.seq}
              className="timeline-row"
              style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}
              aria-setsize={hasMore ? -1 : events.length}
              aria-posinset={row.index + 1}
            >
              <button
                type="button"
                className={`timeline-item${selected === e.id ? ' selected' : ''}`}
                onClick={() => onSelect(e.id)}
              >
                <span className={`event-type type-${e.type}`}>{e.type}</span>
                <span className="event-text">{e.text.replace(/\s+/g, ' ')}</span>
                <span className="event-meta">
                  <time dateTime={e.at}>{formatTime(e.at)}</time> · {e.actor}
                  {e.session ? ` · ${e.session}` : ''} · <code>{e.id}</code>
                </span>
              </button>
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
