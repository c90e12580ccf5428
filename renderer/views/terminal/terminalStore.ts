import { create } from 'zustand';
import type { EngramApi, TerminalInfo } from '../../../contract';
import { syncSessions } from './terminalRegistry';

/**
 * Terminal metadata for React (names, status, which tab is active). Bytes never come here:
 * they go from each terminal's channel straight into its xterm.
 */
interface TerminalStore {
  byProject: Record<string, TerminalInfo[]>;
  activeByProject: Record<string, string | undefined>;
  setTerminals(projectId: string, terminals: TerminalInfo[]): void;
  setActive(projectId: string, id: string | undefined): void;
}

export const useTerminals = create<TerminalStore>((set) => ({
  byProject: {},
  activeByProject: {},
  setTerminals: (projectId, terminals) =>
    set((s) => {
      const active = s.activeByProject[projectId];
      const keep = terminals.some((t) => t.id === active);
      return {
        byProject: { ...s.byProject, [projectId]: terminals },
        activeByProject: { ...s.activeByProject, [projectId]: keep ? active : terminals[terminals.length - 1]?.id },
      };
    }),
  setActive: (projectId, id) => set((s) => ({ activeByProject: { ...s.activeByProject, [projectId]: id } })),
}));

let subscribedTo: EngramApi | undefined;

/** Follows `terminal.changed` once per API (the first terminal view to mount subscribes). */
export function followTerminalEvents(api: EngramApi): void {
  if (subscribedTo === api) return;
  subscribedTo = api;
  api.on('terminal.changed', ({ projectId, terminals }) => apply(projectId, terminals));
}

export async function loadTerminals(api: EngramApi, projectId: string): Promise<void> {
  apply(projectId, await api.call('terminal.list', { projectId }));
}

function apply(projectId: string, terminals: TerminalInfo[]): void {
  syncSessions(projectId, terminals);
  useTerminals.getState().setTerminals(projectId, terminals);
}
