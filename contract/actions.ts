/**
 * Every action of the workbench, by name: the command palette lists these, and a desktop menu
 * can be built from the same list (ids, labels, accelerators in Electron's syntax). Adding an
 * action is one line here plus its handler in renderer/actions/actionHandlers.ts (a
 * `Record<ActionId, …>`, so one without the other does not compile).
 *
 * `scope: 'project'` actions apply to the active project and are hidden without one; `view`
 * is the project view the action belongs to (running it shows that view first).
 */
import type { ViewId } from './projects';

export interface ActionDef {
  readonly id: string;
  /** The palette's title and the menu item's label (a project's name is added where it applies). */
  readonly label: string;
  readonly scope: 'app' | 'project';
  /** Electron accelerator syntax ("CmdOrCtrl+K"); the palette shows it as a hint. */
  readonly accelerator?: string;
  readonly view?: ViewId;
  /** Menu grouping: which top-level menu a desktop shell puts it in. */
  readonly menu: 'file' | 'view' | 'project' | 'agent' | 'memory';
}

export const ACTIONS = [
  { id: 'palette.open', label: 'Command palette', scope: 'app', accelerator: 'CmdOrCtrl+K', menu: 'view' },
  { id: 'project.open', label: 'Open project…', scope: 'app', menu: 'file' },
  { id: 'project.close', label: 'Close project', scope: 'project', menu: 'file' },
  { id: 'theme.toggle', label: 'Toggle light/dark theme', scope: 'app', menu: 'view' },
  { id: 'settings.open', label: 'Settings', scope: 'app', accelerator: 'CmdOrCtrl+,', menu: 'file' },
  { id: 'settings.usage', label: 'Usage and cost', scope: 'app', menu: 'file' },
  { id: 'settings.mcp', label: 'MCP servers', scope: 'app', menu: 'file' },
  { id: 'view.agent', label: 'Show Agent', scope: 'project', view: 'agent', menu: 'view' },
  { id: 'view.terminal', label: 'Show Terminal', scope: 'project', view: 'terminal', menu: 'view' },
  { id: 'view.tasks', label: 'Show Tasks', scope: 'project', view: 'tasks', menu: 'view' },
  { id: 'view.memory', label: 'Show Memory', scope: 'project', view: 'memory', menu: 'view' },
  { id: 'view.dreams', label: 'Show Dreams', scope: 'project', view: 'dreams', menu: 'view' },
  { id: 'view.skills', label: 'Show Skills', scope: 'project', view: 'skills', menu: 'view' },
  { id: 'terminal.new', label: 'New terminal', scope: 'project', view: 'terminal', accelerator: 'CmdOrCtrl+Shift+T', menu: 'project' },
  { id: 'agent.newSession', label: 'New session', scope: 'project', view: 'agent', accelerator: 'CmdOrCtrl+Shift+S', menu: 'agent' },
  { id: 'agent.stop', label: 'Stop the agent', scope: 'project', view: 'agent', menu: 'agent' },
  { id: 'agent.mode.build', label: 'Agent mode: build', scope: 'project', view: 'agent', menu: 'agent' },
  { id: 'agent.mode.plan', label: 'Agent mode: plan', scope: 'project', view: 'agent', menu: 'agent' },
  { id: 'agent.mode.compose', label: 'Agent mode: compose', scope: 'project', view: 'agent', menu: 'agent' },
  { id: 'tasks.add', label: 'Add task', scope: 'project', view: 'tasks', menu: 'project' },
  { id: 'memory.search', label: 'Search memory', scope: 'project', view: 'memory', menu: 'memory' },
  { id: 'memory.add', label: 'Add memory entry', scope: 'project', view: 'memory', menu: 'memory' },
  { id: 'memory.reindex', label: 'Reindex memory', scope: 'project', view: 'memory', menu: 'memory' },
  { id: 'dreams.run', label: 'Dream now', scope: 'project', view: 'dreams', menu: 'memory' },
  { id: 'skills.distill', label: 'Distill', scope: 'project', view: 'skills', menu: 'memory' },
] as const satisfies readonly ActionDef[];

export type ActionId = (typeof ACTIONS)[number]['id'];

export function actionDef(id: ActionId): ActionDef {
  return ACTIONS.find((a) => a.id === id)!;
}

/** "CmdOrCtrl+Shift+T" as a person reads it on this platform: "Ctrl+Shift+T" or "⌘⇧T". */
export function acceleratorLabel(accelerator: string, mac: boolean): string {
  if (!mac) return accelerator.replace('CmdOrCtrl', 'Ctrl');
  return accelerator
    .replace('CmdOrCtrl', '⌘')
    .replace('Shift', '⇧')
    .replace('Alt', '⌥')
    .replace(/\+/g, '');
}
