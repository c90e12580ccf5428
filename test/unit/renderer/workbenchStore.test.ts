import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT, type Project } from '../../../contract';
import { selectActiveProject, useWorkbench } from '../../../renderer/state/workbenchStore';

const initial = useWorkbench.getState();
const store = () => useWorkbench.getState();
const project = (id: string): Project => ({ id, path: `/repos/${id}`, name: id, openedAt: '2026-12-01T00:00:00Z', view: 'terminal' });

beforeEach(() => useWorkbench.setState(initial, true));

describe('the workbench store (renderer/state/workbenchStore)', () => {
  it("mirrors the host's state: loaded once it arrives, the active project selectable", () => {
    expect(store()).toMatchObject({ loaded: false, projects: [], layout: DEFAULT_LAYOUT, connection: 'connecting' });
    expect(selectActiveProject(store())).toBeUndefined();
    store().applyState({ projects: [project('a'), project('b')], activeProjectId: 'b', layout: { sidebarWidth: 300, sidebarCollapsed: true } });
    expect(store()).toMatchObject({ loaded: true, activeProjectId: 'b', layout: { sidebarWidth: 300, sidebarCollapsed: true } });
    expect(selectActiveProject(store())?.path).toBe('/repos/b');
    store().applyState({ projects: [project('a')], activeProjectId: 'b', layout: DEFAULT_LAYOUT });
    expect(selectActiveProject(store())).toBeUndefined();
  });

  it('previews a layout change locally without losing the other fields', () => {
    store().previewLayout({ sidebarWidth: 320 });
    expect(store().layout).toEqual({ ...DEFAULT_LAYOUT, sidebarWidth: 320 });
    store().previewLayout({ sidebarCollapsed: true });
    expect(store().layout).toEqual({ sidebarWidth: 320, sidebarCollapsed: true });
  });

  it("updates one project's status without touching the others", () => {
    store().setStatus({ a: { agent: 'idle', openTasks: 1, lastDreamAt: null }, b: { agent: 'running', openTasks: 0, lastDreamAt: null } });
    store().setProjectStatus('a', { agent: 'waiting', openTasks: 2, lastDreamAt: '2026-12-01T00:00:00Z' });
    expect(store().status).toEqual({
      a: { agent: 'waiting', openTasks: 2, lastDreamAt: '2026-12-01T00:00:00Z' },
      b: { agent: 'running', openTasks: 0, lastDreamAt: null },
    });
    store().setConnection('lost');
    expect(store().connection).toBe('lost');
  });
});
