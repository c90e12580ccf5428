import { create } from 'zustand';
import type { TerminalInfo } from '../../../contract';

/**
 * Terminal metadata for React (names, status, which tab is active). Bytes never come here:
 * they go from each terminal's channel straight into its xterm.
 */
interface TerminalStore {
  byProject: Record<string, TerminalInfo[]>;
  activeByProject: Record<string, string | undefined>;
  /** Ids a project had when New terminal was asked for: the first other one to appear is shown. */
  awaitingNew: Record<string, string[] | undefined>;
  setTerminals(projectId: string, terminals: TerminalInfo[]): void;
  setActive(projectId: string, id: string | undefined): void;
  /** New terminal was asked for: show it as soon as it is listed (starting), not once its shell runs. */
  expectNew(projectId: string): void;
}

export const useTerminals = create<TerminalStore>((set) => ({
  byProject: {},
  activeByProject: {},
  awaitingNew: {},
  setTerminals: (projectId, terminals) =>
    set((s) => {
      // Keys typed right after New terminal go to the new one (its input waits for its shell),
      // never to the terminal that was shown before.
      const awaited = s.awaitingNew[projectId];
      const fresh = awaited ? terminals.find((t) => !awaited.includes(t.id)) : undefined;
      const active = fresh?.id ?? s.activeByProject[projectId];
      const keep = terminals.some((t) => t.id === active);
      return {
        byProject: { ...s.byProject, [projectId]: terminals },
        activeByProject: { ...s.activeByProject, [projectId]: keep ? active : terminals[terminals.length - 1]?.id },
        awaitingNew: fresh ? { ...s.awaitingNew, [projectId]: undefined } : s.awaitingNew,
      };
    }),
  setActive: (projectId, id) =>
    set((s) => ({ activeByProject: { ...s.activeByProject, [projectId]: id }, awaitingNew: { ...s.awaitingNew, [projectId]: undefined } })),
  expectNew: (projectId) =>
    set((s) => ({ awaitingNew: { ...s.awaitingNew, [projectId]: (s.byProject[projectId] ?? []).map((t) => t.id) } })),
}));
