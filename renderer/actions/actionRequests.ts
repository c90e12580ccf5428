import { useEffect, useRef } from 'react';
import { create } from 'zustand';
import type { ActionId } from '../../contract';

/**
 * Actions that belong to a view (New terminal, Add task, Dream now…) are run by that view, which
 * owns their state and error display. The palette (or a menu) switches to the view and leaves a
 * request here; the view takes it when mounted, or at once when it already is.
 */
interface Pending {
  projectId: string;
  id: ActionId;
  seq: number;
}

interface ActionRequests {
  pending: Pending | null;
  /** Leaves a request; its number lets the asker withdraw it (`take`). */
  request(projectId: string, id: ActionId): number;
  take(seq: number): void;
}

let seq = 0;

export const useActionRequests = create<ActionRequests>((set) => ({
  pending: null,
  request: (projectId, id) => {
    set({ pending: { projectId, id, seq: ++seq } });
    return seq;
  },
  take: (n) => set((s) => (s.pending?.seq === n ? { pending: null } : s)),
}));

/** Runs `run` whenever action `id` is requested for this project. */
export function useActionHandler(projectId: string, id: ActionId, run: () => void): void {
  const latest = useRef(run);
  latest.current = run;
  const pending = useActionRequests((s) => s.pending);
  useEffect(() => {
    if (!pending || pending.projectId !== projectId || pending.id !== id) return;
    useActionRequests.getState().take(pending.seq);
    latest.current();
  }, [pending, projectId, id]);
}
