import type { EngramApi, Project } from '../../../contract';
import { VIEWS } from '../project/viewRegistry';
import { useSettingsDialog } from '../../state/settingsDialog';

export interface PaletteAction {
  id: string;
  title: string;
  /** Right-aligned hint: a shortcut or where the action applies. */
  hint?: string;
  run(): void | Promise<unknown>;
}

/** Every action the palette offers for the current state; views add theirs here as they grow. */
export function paletteActions(api: EngramApi, projects: Project[], active: Project | undefined, focusOpen: () => void): PaletteAction[] {
  const actions: PaletteAction[] = [];
  projects.forEach((p, i) => {
    actions.push({
      id: `project:${p.id}`,
      title: `Switch to ${p.name}`,
      hint: i < 9 ? `Ctrl+${i + 1}` : p.path,
      run: () => api.call('projects.activate', { id: p.id }),
    });
  });
  if (active) {
    for (const v of VIEWS) {
      actions.push({
        id: `view:${v.id}`,
        title: `Show ${v.label}`,
        hint: active.name,
        run: () => api.call('projects.setView', { id: active.id, view: v.id }),
      });
    }
    actions.push({
      id: 'project:close',
      title: `Close project ${active.name}`,
      run: () => api.call('projects.close', { id: active.id }),
    });
  }
  actions.push({ id: 'project:open', title: 'Open project…', run: focusOpen });
  actions.push({ id: 'settings', title: 'Settings', hint: 'provider, model, key', run: () => useSettingsDialog.getState().show() });
  return actions;
}

/** Every word typed must appear in the title, in any order; earlier matches rank first. */
export function filterActions(actions: PaletteAction[], query: string): PaletteAction[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return actions;
  return actions
    .map((a) => {
      const t = a.title.toLowerCase();
      const positions = words.map((w) => t.indexOf(w));
      return { a, score: positions.some((p) => p < 0) ? -1 : positions.reduce((s, p) => s + p, 0) };
    })
    .filter((x) => x.score >= 0)
    .sort((x, y) => x.score - y.score)
    .map((x) => x.a);
}
