import { describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow } from '../../helpers/electronStandIn';

vi.mock('electron', async () => (await import('../../helpers/electronStandIn')).electronStandIn());
const { standIn } = await import('../../helpers/electronStandIn');
const { watchRenderer } = await import('../../../main/electron/crashRecovery');
const { utilityPtyHost } = await import('../../../main/electron/terminalPorts');

describe('a crashed renderer is reported and reloaded', () => {
  function watched(clock = { t: 0 }) {
    const win = new FakeBrowserWindow();
    const reports: string[] = [];
    const gaveUp: string[] = [];
    watchRenderer(win as never, { report: (m) => reports.push(m), gaveUp: (m) => gaveUp.push(m), now: () => clock.t });
    return { win, reports, gaveUp, clock };
  }

  it('reloads the page after a crash and says why', () => {
    const { win, reports } = watched();
    win.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    expect(reports).toEqual(['The workbench page stopped (crashed, exit code 139). Reloading it.']);
    expect(win.webContents.called('reload')).toHaveLength(1);
  });

  it('a clean exit is not a crash', () => {
    const { win, reports } = watched();
    win.webContents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    expect(reports).toEqual([]);
    expect(win.webContents.called('reload')).toHaveLength(0);
  });

  it('stops reloading a page that keeps crashing, and starts again after a quiet minute', () => {
    const { win, reports, gaveUp, clock } = watched();
    for (const reason of ['crashed', 'oom', 'killed', 'crashed']) {
      clock.t += 1000;
      win.webContents.emit('render-process-gone', {}, { reason, exitCode: 1 });
    }
    expect(reports).toHaveLength(3);
    expect(win.webContents.called('reload')).toHaveLength(3);
    expect(gaveUp).toHaveLength(1);
    expect(gaveUp[0]).toContain('4 times within a minute');
    clock.t += 61_000;
    win.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    expect(win.webContents.called('reload')).toHaveLength(4);
  });
});

describe('the PTY utility process', () => {
  it('an unexpected exit is reported, the terminal service told, and the next start forks a new one', async () => {
    standIn().reset();
    const reports: string[] = [];
    const spawn = utilityPtyHost((line) => reports.push(line));
    const first = spawn();
    const lost: string[] = [];
    first.onExit((reason) => lost.push(reason));
    standIn().forked[0].emit('exit', 1);
    expect(lost).toEqual(['exited with code 1']);
    expect(reports).toEqual(['engram: the terminal host (utility process) stopped unexpectedly: exited with code 1']);
    const second = spawn();
    expect(standIn().forked).toHaveLength(2);
    expect(standIn().forked[1].called('fork')[0][2]).toMatchObject({ serviceName: 'Engram PTY host' });
    // Stopping it on purpose is not reported.
    await second.kill();
    expect(reports).toHaveLength(1);
  });
});
