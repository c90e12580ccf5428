import type { ActionId, EngramApi, Project } from '../../contract';
import { actionDef } from '../../contract';
import { useActionRequests } from './actionRequests';
import { toggleTheme } from './theme';
import { closeProjectAsking } from './closeProject';
import { useSettingsDialog } from '../state/settingsDialog';

export interface ActionContext {
  api: EngramApi;
  /** The active project; actions of scope 'project' only run with one. */
  project: Project | undefined;
  openPalette(): void;
  focusOpenProject(): void;
}

/** Handlers of project actions run only with an active project (see `runAction`). */
type Handler = (ctx: ActionContext) => void | Promise<unknown>;
const withProject = (fn: (ctx: ActionContext & { project: Project }) => void | Promise<unknown>): Handler => (ctx) =>
  ctx.project ? fn(ctx as ActionContext & { project: Project }) : undefined;

/** Shows the action's view, then lets that view run it (it owns the state and the errors). */
const inView = (id: ActionId): Handler =>
  withProject(async ({ api, project }) => {
    const view = actionDef(id).view;
    // Asked for before the view shows, so the view finds it when it mounts (New terminal on a
    // Terminal tab never shown starts that one shell, not also the tab's first one).
    const requests = useActionRequests.getState();
    const seq = requests.request(project.id, id);
    if (view && project.view !== view) {
      await api.call('projects.setView', { id: project.id, view }).catch((err: unknown) => {
        requests.take(seq);
        throw err;
      });
    }
  });

/**
 * How each action of contract/actions.ts runs in the window. A `Record` over every id: an action
 * declared there without a handler here does not compile.
 */
export const ACTION_HANDLERS: Record<ActionId, Handler> = {
  'palette.open': ({ openPalette }) => openPalette(),
  'project.open': ({ focusOpenProject }) => focusOpenProject(),
  'project.close': withProject(({ api, project }) => closeProjectAsking(api, project)),
  'theme.toggle': () => void toggleTheme(),
  'settings.open': () => useSettingsDialog.getState().show(),
  'settings.usage': () => useSettingsDialog.getState().show('Usage'),
  'settings.mcp': () => useSettingsDialog.getState().show('MCP servers'),
  'view.agent': inView('view.agent'),
  'view.terminal': inView('view.terminal'),
  'view.tasks': inView('view.tasks'),
  'view.memory': inView('view.memory'),
  'view.dreams': inView('view.dreams'),
  'view.skills': inView('view.skills'),
  'terminal.new': inView('terminal.new'),
  'agent.newSession': inView('agent.newSession'),
  'agent.stop': withProject(({ api, project }) => api.call('agent.stop', { projectId: project.id })),
  'agent.mode.build': inView('agent.mode.build'),
  'agent.mode.plan': inView('agent.mode.plan'),
  'agent.mode.compose': inView('agent.mode.compose'),
  'tasks.add': inView('tasks.add'),
  'memory.search': inView('memory.search'),
  'memory.add': inView('memory.add'),
  'memory.reindex': inView('memory.reindex'),
  'dreams.run': inView('dreams.run'),
  'skills.distill': inView('skills.distill'),
};

export function runAction(id: ActionId, ctx: ActionContext): void | Promise<unknown> {
  const def = actionDef(id);
  if (def.scope === 'project' && !ctx.project) return;
  return ACTION_HANDLERS[id](ctx);
}
