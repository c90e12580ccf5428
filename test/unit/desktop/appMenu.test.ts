import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { menuTemplate, type MenuAction, type MenuInput } from '../../../main/electron/appMenu';

const ACTIONS: MenuAction[] = [
  { id: 'project.open', label: 'Open project…', scope: 'app', menu: 'file' },
  { id: 'palette.open', label: 'Command palette', scope: 'app', accelerator: 'CmdOrCtrl+K', menu: 'view' },
  { id: 'terminal.new', label: 'New terminal', scope: 'project', accelerator: 'CmdOrCtrl+Shift+T', menu: 'project' },
  { id: 'dreams.run', label: 'Dream now', scope: 'project', menu: 'memory' },
  { id: 'settings.open', label: 'Settings', scope: 'app', accelerator: 'CmdOrCtrl+,', menu: 'settings' },
];

function build(over: Partial<MenuInput> = {}) {
  const ran: string[] = [];
  const input: MenuInput = {
    actions: ACTIONS,
    recent: [],
    hasProject: true,
    platform: 'linux',
    development: false,
    appName: 'Engram',
    runAction: (id) => ran.push(`run ${id}`),
    openRecent: (f) => ran.push(`open ${f}`),
    clearRecent: () => ran.push('clear'),
    openReadme: () => ran.push('readme'),
    reportProblem: () => ran.push('report'),
    ...over,
  };
  return { template: menuTemplate(input), ran };
}

const top = (t: MenuItemConstructorOptions[], label: string) => t.find((m) => m.label === label || m.role === label)!.submenu as MenuItemConstructorOptions[];
const roles = (items: MenuItemConstructorOptions[]) => items.filter((i) => i.role).map((i) => i.role);
const all = (t: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
  t.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? all(i.submenu) : [])]);
const click = (item: MenuItemConstructorOptions) => (item.click as () => void)();

describe('the application menu', () => {
  it('has Edit roles so copy and paste work in text fields (macOS needs them in the menu)', () => {
    expect(roles(top(build().template, 'Edit'))).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
  });

  it('offers developer tools only while developing', () => {
    expect(roles(top(build().template, 'View'))).toEqual(['reload', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
    expect(roles(top(build({ development: true }).template, 'View'))).toEqual(['reload', 'forceReload', 'toggleDevTools', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
  });

  it('has File, Edit, View, the action groups, Window and Help in order; the app menu first on macOS', () => {
    const labels = (t: MenuItemConstructorOptions[]) => t.map((m) => m.label ?? m.role);
    expect(labels(build().template)).toEqual(['File', 'Edit', 'View', 'Project', 'Memory', 'Settings', 'windowMenu', 'help']);
    expect(labels(build({ platform: 'darwin' }).template)[0]).toBe('appMenu');
    expect(roles(top(build({ platform: 'darwin' }).template, 'File'))).toEqual(['close']);
    expect(roles(top(build().template, 'File'))).toEqual(['quit']);
  });

  it('every action is an item with its label and accelerator, shown but left to the window to handle', () => {
    const items = all(build().template);
    for (const action of ACTIONS) {
      const item = items.find((i) => i.id === action.id)!;
      expect(item.label).toBe(action.label);
      expect(item.accelerator).toBe(action.accelerator);
      if (action.accelerator) expect(item.registerAccelerator).toBe(false);
    }
  });

  it('a click sends the action id; project actions are greyed out without a project', () => {
    const { template, ran } = build({ hasProject: false });
    const items = all(template);
    click(items.find((i) => i.id === 'project.open')!);
    expect(ran).toEqual(['run project.open']);
    expect(items.find((i) => i.id === 'terminal.new')!.enabled).toBe(false);
    expect(items.find((i) => i.id === 'settings.open')!.enabled).toBe(true);
  });

  it('Open Recent lists recent folders, opens one, and clears', () => {
    const empty = all(build().template).find((i) => i.id === 'recent')!.submenu as MenuItemConstructorOptions[];
    expect(empty).toEqual([{ label: 'No recent projects', enabled: false }]);
    const { template, ran } = build({ recent: ['/src/api', '/src/web'] });
    const recent = all(template).find((i) => i.id === 'recent')!.submenu as MenuItemConstructorOptions[];
    expect(recent.map((i) => i.label ?? i.type)).toEqual(['api — /src/api', 'web — /src/web', 'separator', 'Clear Recent']);
    click(recent[1]);
    click(recent[3]);
    expect(ran).toEqual(['open /src/web', 'clear']);
  });

  it('Help opens the README and reports a problem', () => {
    const { template, ran } = build();
    const help = top(template, 'help');
    expect(help.map((i) => i.label)).toEqual(['Engram README', 'Report a problem…']);
    help.forEach(click);
    expect(ran).toEqual(['readme', 'report']);
  });
});

describe('the application menu built from the palette list', () => {
  it('offers every palette action with the same label and accelerator, and clicking one runs it', async () => {
    const { ACTIONS: WORKBENCH_ACTIONS } = await import('../../../contract/actions');
    const { paletteActions } = await import('../../../renderer/views/palette/paletteActions');
    const { template, ran } = build({ actions: WORKBENCH_ACTIONS });
    const items = new Map(all(template).filter((i) => i.id).map((i) => [i.id!, i]));
    const project = { id: 'p1', name: 'demo', path: '/tmp/demo' } as never;
    const palette = paletteActions({ api: {} as never, project, openPalette: () => {}, focusOpenProject: () => {} }, []);
    expect(palette.length).toBeGreaterThan(10);
    for (const p of palette) {
      const item = items.get(p.id);
      expect(item, `menu item for ${p.id}`).toBeDefined();
      const def = WORKBENCH_ACTIONS.find((a) => a.id === p.id)!;
      expect(item!.label).toBe(def.label);
      expect(item!.accelerator).toBe('accelerator' in def ? def.accelerator : undefined);
    }
    for (const label of ['Open project…', 'New terminal', 'Dream now', 'Settings']) expect([...items.values()].some((i) => i.label === label), label).toBe(true);
    click(items.get('terminal.new')!);
    expect(ran).toContain('run terminal.new');
  });
});
