import { useCallback, useEffect, useState } from 'react';
import type { DreamList, DreamStep } from '../../../contract';
import { useApi } from '../../api/apiContext';

/** A project's dreams: loaded once, then kept current by `dreams.changed` / `dreams.progress` pushes. */
export function useDreams(projectId: string) {
  const api = useApi();
  const [list, setList] = useState<DreamList | null>(null);
  const [step, setStep] = useState<DreamStep | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const offChanged = api.on('dreams.changed', (e) => {
      if (live && e.projectId === projectId) setList({ dreams: e.dreams, nextRunAt: e.nextRunAt, intervalDays: e.intervalDays, running: e.running, problem: e.problem });
    });
    const offProgress = api.on('dreams.progress', (e) => {
      if (live && e.projectId === projectId) setStep(e.running ? e.step : null);
    });
    api.call('dreams.list', { projectId }).then(
      (l) => {
        if (!live) return;
        setList(l);
        if (l.running) setStep('passes');
      },
      (err: Error) => live && setError(err.message),
    );
    return () => {
      live = false;
      offChanged();
      offProgress();
    };
  }, [api, projectId]);

  const act = useCallback(
    async (action: () => Promise<unknown>) => {
      setError(null);
      try {
        await action();
      } catch (err) {
        setError((err as Error).message);
      }
    },
    [],
  );

  return {
    list,
    step,
    error,
    dreamNow: () => act(() => api.call('dreams.run', { projectId })),
    revert: (id: string) => act(() => api.call('dreams.revert', { projectId, id })),
  };
}
