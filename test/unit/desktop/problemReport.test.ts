import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('../../helpers/electronStandIn')).electronStandIn());
const electron = await import('electron');
const { standIn } = await import('../../helpers/electronStandIn');
const { reportProblem } = await import('../../../main/electron/problemReport');

const facts = {
  appVersion: '0.1.0',
  versions: { electron: '41.7.1', chrome: '146.0.0.0', node: '24.1.0' },
  platform: 'linux',
  arch: 'x64',
  dataDir: '/home/ada/.config/engram',
  recentTrouble: ['2026-12-02T01:00:00.000Z The workbench page stopped (crashed, exit code 139). Reloading it.'],
};

describe('Help → Report a problem…', () => {
  it('shows the facts a report needs and copies them when asked', async () => {
    standIn().reset();
    expect(await reportProblem(electron.dialog, electron.clipboard, undefined, facts)).toBe(true);
    const box = standIn().messageBoxes[0] as { detail: string; buttons: string[] };
    expect(box.buttons).toEqual(['Copy details', 'Close']);
    for (const fact of ['Engram 0.1.0', 'Electron 41.7.1', 'Chromium 146.0.0.0', 'linux x64', 'Data folder: /home/ada/.config/engram', 'crashed, exit code 139']) {
      expect(box.detail).toContain(fact);
    }
    expect(standIn().clipboardText).toEqual([box.detail]);
  });

  it('Close copies nothing', async () => {
    standIn().reset();
    standIn().messageBoxAnswer = 1;
    expect(await reportProblem(electron.dialog, electron.clipboard, undefined, { ...facts, recentTrouble: [] })).toBe(false);
    expect((standIn().messageBoxes[0] as { detail: string }).detail).toContain('Recent trouble: none');
    expect(standIn().clipboardText).toEqual([]);
  });
});
