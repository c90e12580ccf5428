import { useEffect, useState } from 'react';
import type { TaskBoard } from '../../../contract';
import { useApi } from '../../api/apiContext';

/** A project's board: loaded once, then kept current by `tasks.changed` pushes (no polling). */
export function useTaskBoard(projectId: string): { board: TaskBoard | null; error: string | null } {
  const api = useApi();
  const [board, setBoard] = useState<TaskBoard | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const off = api.on('tasks.changed', (e) => {
      if (e.projectId === projectId && live) setBoard({ tasks: e.tasks, broken: e.broken });
    });
    api.call('tasks.list', { projectId }).then(
      (b) => live && setBoard(b),
      (err: Error) => live && setError(err.message),
    );
    return () => {
      live = false;
      off();
    };
  }, [api, projectId]);

  return { board, error };
}
