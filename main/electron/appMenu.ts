import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';

/** One workbench action as the menu needs it (contract/actions.ts declares them). */
export interface MenuAction {
  readonly id: string;
  readonly label: string;
  readonly scope: 'app' | 'project';
  readonly accelerator?: string;
  readonly menu: string;
}

export interface MenuInput {
  /** The workbench's action list: the same one the command palette lists. */
  actions: readonly MenuAction[];
  /** Recently opened project folders, newest first. */
  recent: readonly string[];
  /** Whether a project is active (project actions are greyed out without one). */
  hasProject: boolean;
  platform: NodeJS.Platform;
  /** Developer tools are offered only while developing (an unpacked app). */
  development: boolean;
  appName: string;
  runAction(id: string): void;
  openRecent(folder: string): void;
  clearRecent(): void;
  openReadme(): void;
  reportProblem(): void;
}

/** Top-level menus the actions go in, in this order; unknown groups follow, titled by name. */
const GROUP_TITLES: Record<string, string> = { file: 'File', view: 'View', project: 'Project', agent: 'Agent', memory: 'Memory' };

/**
 * The application menu: the standard roles (without the Edit menu's roles, copy and paste do
 * not work in text fields on macOS) and every workbench action, grouped by its `menu`.
 *
 * Action accelerators are shown but not registered with the OS (`registerAccelerator: false`):
 * the window's own shortcut handler runs them, the same in the browser and on the desktop, so a
 * key press runs an action once, not once for the menu and once for the page.
 */
export function menuTemplate(input: MenuInput): MenuItemConstructorOptions[] {
  const mac = input.platform === 'darwin';
  const groups = new Map<string, MenuItemConstructorOptions[]>();
  for (const group of Object.keys(GROUP_TITLES)) groups.set(group, []);
  for (const action of input.actions) {
    if (!groups.has(action.menu)) groups.set(action.menu, []);
    groups.get(action.menu)!.push(actionItem(action, input));
  }

  const file: MenuItemConstructorOptions[] = [
    ...groups.get('file')!,
    { id: 'recent', label: 'Open Recent', submenu: recentItems(input) },
    { type: 'separator' },
    mac ? { role: 'close' } : { role: 'quit' },
  ];
  const edit: MenuItemConstructorOptions[] = [
    { role: 'undo' },
    { role: 'redo' },
    { type: 'separator' },
    { role: 'cut' },
    { role: 'copy' },
    { role: 'paste' },
    { role: 'selectAll' },
  ];
  const view: MenuItemConstructorOptions[] = [
    ...groups.get('view')!,
    { type: 'separator' },
    { role: 'reload' },
    ...(input.development ? [{ role: 'forceReload' } as const, { role: 'toggleDevTools' } as const] : []),
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  const help: MenuItemConstructorOptions[] = [
    { id: 'help.readme', label: `${input.appName} README`, click: () => input.openReadme() },
    { id: 'help.report', label: 'Report a problem…', click: () => input.reportProblem() },
  ];

  const template: MenuItemConstructorOptions[] = [];
  if (mac) template.push({ role: 'appMenu' });
  template.push({ label: 'File', submenu: file }, { label: 'Edit', submenu: edit }, { label: 'View', submenu: view });
  for (const [group, items] of groups) {
    if (group === 'file' || group === 'view' || items.length === 0) continue;
    template.push({ label: GROUP_TITLES[group] ?? group.charAt(0).toUpperCase() + group.slice(1), submenu: items });
  }
  template.push({ role: 'windowMenu' }, { role: 'help', submenu: help });
  return template;
}

function actionItem(action: MenuAction, input: MenuInput): MenuItemConstructorOptions {
  return {
    id: action.id,
    label: action.label,
    ...(action.accelerator ? { accelerator: action.accelerator, registerAccelerator: false } : {}),
    enabled: action.scope === 'app' || input.hasProject,
    click: () => input.runAction(action.id),
  };
}

function recentItems(input: MenuInput): MenuItemConstructorOptions[] {
  if (input.recent.length === 0) return [{ label: 'No recent projects', enabled: false }];
  return [
    ...input.recent.map((folder): MenuItemConstructorOptions => ({
      label: `${path.basename(folder)} — ${folder}`,
      click: () => input.openRecent(folder),
    })),
    { type: 'separator' },
    { id: 'recent.clear', label: 'Clear Recent', click: () => input.clearRecent() },
  ];
}
