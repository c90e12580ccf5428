import { useCallback, useEffect, useRef, useState } from 'react';
import type { MemoryTimelineEvent } from '../../../contract';
import { useApi } from '../../api/apiContext';

export interface TimelineFilters {
  type?: string;
  actor?: string;
  /** YYYY-MM-DD: one day's changes (picked on the chart). */
  day?: string;
}

export const PAGE_SIZE = 200;
/** Pages kept in the window; farther ones are dropped and fetched again if scrolled back to. */
const MAX_PAGES = 12;
/** A burst of changes (an import, a dream) becomes one refetch. */
const REFRESH_DEBOUNCE_MS = 250;

/**
 * The timeline as a sparse list: its length comes from SQLite, and only the pages near what is
 * on screen are held, so the window's memory stays flat however long the history is. A
 * `memory.changed` push refetches the length and the pages held.
 */
export function useMemoryTimeline(projectId: string, filters: TimelineFilters) {
  const api = useApi();
  const [total, setTotal] = useState(0);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const pages = useRef(new Map<number, MemoryTimelineEvent[]>());
  const inFlight = useRef(new Set<number>());
  const generation = useRef(0);
  const lastSeen = useRef(0);

  const fetchPage = useCallback(
    async (page: number, gen: number) => {
      if (inFlight.current.has(page)) return;
      inFlight.current.add(page);
      try {
        const res = await api.call('memory.timeline', { projectId, limit: PAGE_SIZE, offset: page * PAGE_SIZE, ...filters });
        if (gen !== generation.current) return;
        pages.current.set(page, res.events);
        setTotal(res.total);
        evictFarFrom(pages.current, lastSeen.current);
        setVersion((v) => v + 1);
      } catch (err) {
        if (gen === generation.current) setError((err as Error).message);
      } finally {
        inFlight.current.delete(page);
        if (gen === generation.current) setLoaded(true);
      }
    },
    // Every filter: one left out kept fetching with its old value (a day picked on the chart
    // changed nothing).
    [api, projectId, filters.type, filters.actor, filters.day],
  );

  const reload = useCallback(() => {
    const gen = ++generation.current;
    const held = [...pages.current.keys()];
    pages.current.clear();
    inFlight.current.clear();
    setError(null);
    for (const p of held.length ? held : [0]) void fetchPage(p, gen);
  }, [fetchPage]);

  useEffect(() => {
    pages.current.clear();
    reload();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = api.on('memory.changed', (e) => {
      if (e.projectId !== projectId) return;
      clearTimeout(timer);
      timer = setTimeout(reload, REFRESH_DEBOUNCE_MS);
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  }, [api, projectId, reload]);

  /** The event at a position, or undefined while its page is on its way. */
  const eventAt = useCallback(
    (index: number): MemoryTimelineEvent | undefined => pages.current.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE],
    [version],
  );

  /** Fetches the pages that rows `first`…`last` (on screen) need. */
  const ensureRange = useCallback(
    (first: number, last: number) => {
      lastSeen.current = Math.floor(first / PAGE_SIZE);
      for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) {
        if (!pages.current.has(p)) void fetchPage(p, generation.current);
      }
    },
    [fetchPage],
  );

  return { total, eventAt, ensureRange, error, loaded };
}

function evictFarFrom(pages: Map<number, unknown>, center: number): void {
  if (pages.size <= MAX_PAGES) return;
  const far = [...pages.keys()].sort((a, b) => Math.abs(b - center) - Math.abs(a - center));
  for (const p of far.slice(0, pages.size - MAX_PAGES)) pages.delete(p);
}
