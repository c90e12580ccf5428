import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { RecentProjects } from '../../../main/electron/recentProjects';
import { tempDir } from '../../helpers/tempDir';

vi.mock('electron', async () => (await import('../../helpers/electronStandIn')).electronStandIn());
const { FakeApp } = await import('../../helpers/electronStandIn');

function folders(n: number): string[] {
  const root = tempDir();
  return Array.from({ length: n }, (_, i) => {
    const f = path.join(root, `repo${i}`);
    fs.mkdirSync(f);
    return f;
  });
}

describe('recent projects', () => {
  it('a project opened after start goes to the OS and to the front of Open Recent; restored ones do not', () => {
    let stored: string[] = [];
    const app = new FakeApp();
    const recent = new RecentProjects({ get: () => stored, set: (v) => (stored = v) }, app);
    const [a, b, c] = folders(3);
    expect(recent.sawOpen([a])).toBe(false);
    expect(app.recentDocuments).toEqual([]);
    expect(recent.sawOpen([a, b])).toBe(true);
    expect(recent.sawOpen([a, b, c])).toBe(true);
    expect(app.recentDocuments).toEqual([b, c]);
    expect(recent.list()).toEqual([c, b]);
    // Closing and opening again moves it to the front, once.
    recent.sawOpen([a, c]);
    recent.sawOpen([a, b, c]);
    expect(recent.list()).toEqual([b, c]);
  });

  it('keeps ten, leaves out folders since deleted, and clears the OS list too', () => {
    let stored: string[] = [];
    const app = new FakeApp();
    const recent = new RecentProjects({ get: () => stored, set: (v) => (stored = v) }, app);
    const many = folders(12);
    for (const f of many) recent.remember(f);
    expect(recent.list()).toEqual(many.slice(2).reverse());
    fs.rmSync(many[11], { recursive: true });
    expect(recent.list()[0]).toBe(many[10]);
    recent.clear();
    expect(recent.list()).toEqual([]);
    expect(app.recentDocuments).toEqual([]);
  });
});
