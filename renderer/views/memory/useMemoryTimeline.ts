import { useCallback, useEffect, useRef, useState } from 'react';
import type { MemoryTimelineEvent } from '../../../preload/api';
import { useApi } from '../../api/apiContext';

export interface TimelineFilters {
  type?: string;
  actor?: string;
}

const PAGE = 200;
/** A burst of changes (an import, a dream) becomes one refetch. */
const REFRESH_DEBOUNCE_MS = 250;

/**
 * The timeline, paged from SQLite: the first page on load, the next ones as the list scrolls
 * near its end. A `memory.changed` push refreshes the first page only.
 */
export function useMemoryTimeline(projectId: string, filters: TimelineFilters) {
  const api = useApi();
  const [events, setEvents] = useState<MemoryTimelineEvent[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const loading = useRef(false);
  const generation = useRef(0);

  const loadFirst = useCallback(async () => {
    const gen = ++generation.current;
    try {
      const page = await api.call('memory.timeline', { projectId, limit: PAGE, ...filters });
      if (gen !== generation.current) return;
      setEvents(page.events);
      setHasMore(page.hasMore);
      setTotal(page.total);
      setError(null);
    } catch (err) {
      if (gen === generation.current) setError((err as Error).message);
    } finally {
      if (gen === generation.current) setLoaded(true);
    }
  }, [api, projectId, filters.type, filters.actor]);

  const loadMore = useCallback(async () => {
    if (loading.current || !hasMore || !events.length) return;
    loading.current = true;
    const gen = generation.current;
    try {
      const page = await api.call('memory.timeline', { projectId, limit: PAGE, before: events[events.length - 1].seq, ...filters });
      if (gen !== generation.current) return;
      setEvents((prev) => [...prev, ...page.events]);
      setHasMore(page.hasMore);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      loading.current = false;
    }
  }, [api, projectId, events, hasMore, filters.type, filters.actor]);

  useEffect(() => {
    void loadFirst();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = api.on('memory.changed', (e) => {
      if (e.projectId !== projectId) return;
      clearTimeout(timer);
      timer = setTimeout(() => void loadFirst(), REFRESH_DEBOUNCE_MS);
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  }, [api, projectId, loadFirst]);

  return { events, hasMore, total, error, loaded, loadMore };
}
