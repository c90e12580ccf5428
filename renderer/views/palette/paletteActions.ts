import { ACTIONS, acceleratorLabel, type ActionId, type Project } from '../../../contract';
import { runAction, type ActionContext } from '../../actions/actionHandlers';

export interface PaletteAction {
  id: string;
  title: string;
  /** Right-aligned hint: a shortcut or where the action applies. */
  hint?: string;
  run(): void | Promise<unknown>;
}

const isMac = () => typeof navigator !== 'undefined' && navigator.platform.startsWith('Mac');

/**
 * The palette's list: a switch per open project, then every action of contract/actions.ts that
 * applies now (project actions need an active project). Nothing is declared here.
 */
export function paletteActions(ctx: ActionContext, projects: Project[]): PaletteAction[] {
  const mac = isMac();
  const actions: PaletteAction[] = projects.map((p, i) => ({
    id: `project:${p.id}`,
    title: `Switch to ${p.name}`,
    hint: i < 9 ? acceleratorLabel(`CmdOrCtrl+${i + 1}`, mac) : p.path,
    run: () => ctx.api.call('projects.activate', { id: p.id }),
  }));
  for (const a of ACTIONS) {
    if (a.id === 'palette.open') continue;
    if (a.scope === 'project' && !ctx.project) continue;
    const accelerator = 'accelerator' in a ? a.accelerator : undefined;
    actions.push({
      id: a.id,
      title: a.id === 'project.close' ? `Close project ${ctx.project!.name}` : a.label,
      hint: accelerator ? acceleratorLabel(accelerator, mac) : a.scope === 'project' ? ctx.project!.name : undefined,
      run: () => runAction(a.id as ActionId, ctx),
    });
  }
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
