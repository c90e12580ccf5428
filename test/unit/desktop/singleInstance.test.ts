import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Host } from '../../../main/core/host';
import { tempDir } from '../../helpers/tempDir';
import { FakeApp, FakeBrowserWindow } from '../../helpers/electronStandIn';

vi.mock('electron', async () => (await import('../../helpers/electronStandIn')).electronStandIn());
const { bringToFront, claimSingleInstance, openFromLaunch, projectPathFromLaunch } = await import('../../../main/electron/singleInstance');

describe('one instance: a second launch hands its path to the first', () => {
  let host: Host | undefined;
  afterEach(() => host?.close());

  it('names the project folder of a command line, made absolute against the launch folder', () => {
    // Packaged: engram-desktop PATH
    expect(projectPathFromLaunch({ argv: ['/opt/Engram/engram-desktop', 'my-service'], cwd: '/home/ada/src' }, false)).toBe('/home/ada/src/my-service');
    // npm start -- PATH runs `electron APP_DIR PATH`: argv[1] is the app, not a project.
    expect(projectPathFromLaunch({ argv: ['/x/electron', '/x/engram', '../api'], cwd: '/home/ada/src/web' }, true)).toBe('/home/ada/src/api');
    // Switches (ours and Chromium's) are not paths; an absolute path stays as it is.
    expect(projectPathFromLaunch({ argv: ['/e', '--data-dir=/d', '--enable-logging', '/srv/repo'], cwd: '/' }, false)).toBe('/srv/repo');
    expect(projectPathFromLaunch({ argv: ['/e', '--data-dir=/d'], cwd: '/' }, false)).toBeUndefined();
    expect(projectPathFromLaunch({ argv: ['/x/electron', '/x/engram'], cwd: '/' }, true)).toBeUndefined();
  });

  it('takes the lock with its own command line and passes a later launch on', () => {
    const app = new FakeApp();
    const seen: unknown[] = [];
    expect(claimSingleInstance(app as never, { argv: ['/e'], cwd: '/a' }, (req) => seen.push(req))).toBe(true);
    expect(app.called('requestSingleInstanceLock')).toEqual([[{ argv: ['/e'], cwd: '/a' }]]);
    // The second launch's own argv (additionalData) wins over the one Chromium may rewrite.
    app.emit('second-instance', {}, ['/e', '--mangled'], '/elsewhere', { argv: ['/e', 'repo'], cwd: '/home/ada' });
    // Without usable additionalData the event's argv and folder are used.
    app.emit('second-instance', {}, ['/e', 'other'], '/tmp', null);
    expect(seen).toEqual([
      { argv: ['/e', 'repo'], cwd: '/home/ada' },
      { argv: ['/e', 'other'], cwd: '/tmp' },
    ]);
  });

  it('a second launch without the lock does not listen (the caller quits)', () => {
    const app = new FakeApp();
    app.lock = false;
    expect(claimSingleInstance(app as never, { argv: ['/e'], cwd: '/' }, () => {})).toBe(false);
    expect(app.listenerCount('second-instance')).toBe(0);
  });

  it('argv and cwd of a second launch become an opened, active project in the running host', async () => {
    host = new Host({ dataDir: tempDir(), shell: 'electron', env: {} });
    const src = tempDir();
    fs.mkdirSync(path.join(src, 'my-service'));
    const app = new FakeApp();
    const opened: Promise<unknown>[] = [];
    claimSingleInstance(app as never, { argv: ['/e'], cwd: '/' }, (req) => opened.push(openFromLaunch(req, false, (folder) => host!.handle('projects.open', { path: folder }))));
    app.emit('second-instance', {}, [], '/', { argv: ['/opt/Engram/engram-desktop', 'my-service'], cwd: src });
    expect(await opened[0]).toEqual({ folder: path.join(src, 'my-service') });
    const state = host.workbench.state();
    const project = state.projects.find((p) => p.path === path.join(src, 'my-service'));
    expect(project).toBeDefined();
    expect(state.activeProjectId).toBe(project!.id);
  });

  it('a path that is not a folder is refused with the folder named, and nothing is opened', async () => {
    host = new Host({ dataDir: tempDir(), shell: 'electron', env: {} });
    const src = tempDir();
    const res = await openFromLaunch({ argv: ['/e', 'missing'], cwd: src }, false, (folder) => host!.handle('projects.open', { path: folder }));
    expect(res.folder).toBe(path.join(src, 'missing'));
    expect(res.error).toContain(`Engram could not open ${path.join(src, 'missing')}:`);
    expect(host.workbench.state().projects).toEqual([]);
  });

  it('brings a minimized window back and focuses it', () => {
    const win = new FakeBrowserWindow();
    win.minimized = true;
    bringToFront(win as never);
    expect(win.calls.map((c) => c.name)).toEqual(['restore', 'show', 'focus']);
  });
});
