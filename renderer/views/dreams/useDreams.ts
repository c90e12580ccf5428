import { useCallback, useEffect, useRef, useState } from 'react';
import type { DreamList, DreamStep } from '../../../contract';
import { useApi } from '../../api/apiContext';
import { engramLayout } from '../../../contract';

/** A project's dreams: loaded once, then kept current by `dreams.changed` / `dreams.progress` pushes. */
export function useDreams(projectId: string) {
  const api = useApi();
  const [list, setList] = useState<DreamList | null>(null);
  const [step, setStep] = useState<DreamStep | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // Set by Cancel: the run's failure that follows is the stop asked for, not an error.
  const cancelled = useRef(false);

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
      setNotice(null);
      try {
        await action();
      } catch (err) {
        if (cancelled.current) setNotice('Dream cancelled; nothing was written.');
        else setError((err as Error).message);
      } finally {
        cancelled.current = false;
      }
    },
    [],
  );

  return {
    list,
    step,
    error,
    notice,
    dreamNow: () =>
      act(async () => {
        const figures = await api.call('dreams.run', { projectId });
        // Without MEMORY.md a dream writes nothing and joins no history: say so, or the click looks lost.
        if (!figures.id) setNotice(`Nothing to dream yet: ${engramLayout.memoryFile} does not exist. The agent writes it as it works.`);
      }),
    cancel: async () => {
      cancelled.current = true;
      try {
        const { cancelled: stopped } = await api.call('dreams.cancel', { projectId });
        // Nothing of this window's was running (it ended, or a CLI holds the dream).
        if (!stopped) cancelled.current = false;
      } catch (err) {
        cancelled.current = false;
        setError((err as Error).message);
      }
    },
    revert: (id: string) => act(() => api.call('dreams.revert', { projectId, id })),
  };
}
