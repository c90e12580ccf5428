import { useCallback, useEffect, useRef, useState } from 'react';
import type { TaskWorktreeBoard } from '../../../contract';
import { useApi } from '../../api/apiContext';

/** Coalesces a burst of pushes (a run logging, its files changing) into one fetch. */
const REFRESH_MS = 150;

/**
 * The project's task agents: their worktrees, runs and changed files. Fetched on mount, then
 * on `worktrees.changed` (a run started, waits, ended; a merge or discard) and on
 * `tasks.changed` (runs log their progress there, and files changed with them).
 */
export function useTaskWorktrees(projectId: string): { board: TaskWorktreeBoard | null; error: string | null; refresh: () => void } {
  const api = useApi();
  const [board, setBoard] = useState<TaskWorktreeBoard | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const live = useRef(true);

  const load = useCallback(() => {
    api.call('worktrees.list', { projectId }).then(
      (b) => {
        if (!live.current) return;
        setBoard(b);
        setError(null);
      },
      (err: Error) => live.current && setError(err.message),
    );
  }, [api, projectId]);

  const refresh = useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      load();
    }, REFRESH_MS);
  }, [load]);

  useEffect(() => {
    live.current = true;
    load();
    const offWorktrees = api.on('worktrees.changed', (e) => e.projectId === projectId && refresh());
    const offTasks = api.on('tasks.changed', (e) => e.projectId === projectId && refresh());
    return () => {
      live.current = false;
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
      offWorktrees();
      offTasks();
    };
  }, [api, projectId, load, refresh]);

  return { board, error, refresh };
}
