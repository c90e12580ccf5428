import { afterEach, describe, expect, it } from 'vitest';
import { Host } from '../../../main/core/host';
import { plantedRepo } from './gitRepo';

let host: Host | null = null;
afterEach(() => {
  host?.close();
  host = null;
});

describe('dreams.diff and dreams.revert with an id the project never had', () => {
  it('answer not_found with the id, and log no stack trace', async () => {
    const { root, dataDir } = plantedRepo();
    const logged: string[] = [];
    host = new Host({ dataDir, shell: 'browser', env: {}, log: (line) => logged.push(line) });
    const project = host.workbench.open(root);
    for (const method of ['dreams.diff', 'dreams.revert']) {
      const answer = await host.handle(method, { projectId: project.id, id: 'd20990101-000000-beef' });
      expect(answer).toEqual({ error: { code: 'not_found', message: expect.stringContaining('no dream d20990101-000000-beef') } });
    }
    expect(logged.filter((l) => /failed|\n\s+at /.test(l))).toEqual([]);
  });
});
