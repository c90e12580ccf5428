import { create } from 'zustand';
import type { AppInfo, Layout, Project, ProjectStatus, WorkbenchState } from '../../contract';
import { DEFAULT_LAYOUT } from '../../contract';
import type { ConnectionState } from '../api/wsClient';

/**
 * UI state that React renders from: the open projects, the active one, the layout and the
 * connection. The host is the source of truth; this mirrors its `workbench.changed` events.
 */
interface WorkbenchStore {
  info: AppInfo | null;
  loaded: boolean;
  projects: Project[];
  activeProjectId: string | null;
  layout: Layout;
  connection: ConnectionState;
  /** At-a-glance state per project id, for the sidebar. */
  status: Record<string, ProjectStatus>;
  setStatus(all: Record<string, ProjectStatus>): void;
  setProjectStatus(projectId: string, status: ProjectStatus): void;
  applyState(state: WorkbenchState): void;
  setInfo(info: AppInfo): void;
  setConnection(c: ConnectionState): void;
  /** Optimistic local layout while dragging; persisted on release. */
  previewLayout(patch: Partial<Layout>): void;
}

export const useWorkbench = create<WorkbenchStore>((set) => ({
  info: null,
  loaded: false,
  projects: [],
  activeProjectId: null,
  layout: DEFAULT_LAYOUT,
  connection: 'connecting',
  status: {},
  setStatus: (status) => set({ status }),
  setProjectStatus: (projectId, st) => set((s) => ({ status: { ...s.status, [projectId]: st } })),
  applyState: (s) => set({ projects: s.projects, activeProjectId: s.activeProjectId, layout: s.layout, loaded: true }),
  setInfo: (info) => set({ info }),
  setConnection: (connection) => set({ connection }),
  previewLayout: (patch) => set((s) => ({ layout: { ...s.layout, ...patch } })),
}));

export const selectActiveProject = (s: WorkbenchStore): Project | undefined =>
  s.projects.find((p) => p.id === s.activeProjectId);
