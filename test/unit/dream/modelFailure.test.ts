import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Host } from '../../../main/core/host';
import type { DreamList, Project } from '../../../contract';
import { runEngram } from '../../helpers/cli';
import { tempDir } from '../../helpers/tempDir';
import { plantedRepo } from './gitRepo';

/** A loopback port nothing listens on: a model server that is down. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const downModel = (port: number) => ({
  ENGRAM_PROVIDER: 'openai-compatible',
  ENGRAM_BASE_URL: `http://127.0.0.1:${port}/v1`,
  ENGRAM_MODEL: 'scripted',
  ENGRAM_API_KEY: 'test-key',
});

// The issue: the CLI said "No output generated. Check the stream for errors." and the window
// said nothing, while the cause was ECONNREFUSED.
describe('a dream whose model cannot be reached says why', () => {
  let host: Host | undefined;
  afterEach(() => host?.close());

  it('CLI: names the refused connection, and the deterministic passes still run', async () => {
    const { root, dataDir } = plantedRepo();
    const r = await runEngram(['--project', root, '--data-dir', dataDir, '--json', 'dream'], { env: downModel(await closedPort()) });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ merged: 3 });
    expect(r.stderr).toMatch(/ECONNREFUSED/);
    expect(r.stderr).not.toMatch(/No output generated/);
  });

  it('window: the dream list carries the cause for the Dreams view', async () => {
    const { root } = plantedRepo();
    const port = await closedPort();
    host = new Host({ dataDir: tempDir(), shell: 'browser', env: { ...process.env, ...downModel(port) } });
    const opened = await host.handle('projects.open', { path: root });
    const project = (opened as { result: Project }).result;
    const ran = await host.handle('dreams.run', { projectId: project.id });
    expect(ran).toMatchObject({ result: { merged: 3 } });
    const list = (await host.handle('dreams.list', { projectId: project.id })) as { result: DreamList };
    expect(list.result.problem).toMatch(new RegExp(`127\\.0\\.0\\.1:${port}.*ECONNREFUSED`));
    expect(list.result.problem).toMatch(/deterministic passes only/);
  });
});
