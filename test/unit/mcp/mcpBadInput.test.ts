import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ENGRAM_BIN } from '../../helpers/cli';
import { tempDir } from '../../helpers/tempDir';

interface Answer {
  id: string | number | null;
  result?: { tools?: { name: string }[] };
  error?: { code: number; message: string };
}

/** `engram mcp` as a child, spoken to in raw JSON lines, as a badly behaved client would. */
function startMcp() {
  const child = spawn(process.execPath, [ENGRAM_BIN, '--project', tempDir(), '--data-dir', tempDir(), 'mcp'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const answers: Answer[] = [];
  const waiters: Array<() => void> = [];
  let pending = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.on('data', (d) => {
    pending += d;
    let nl: number;
    while ((nl = pending.indexOf('\n')) !== -1) {
      answers.push(JSON.parse(pending.slice(0, nl)));
      pending = pending.slice(nl + 1);
      waiters.splice(0).forEach((w) => w());
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const next = async (count: number): Promise<Answer[]> => {
    const deadline = Date.now() + 20_000;
    while (answers.length < count && Date.now() < deadline && child.exitCode === null) await new Promise<void>((r) => { waiters.push(r); setTimeout(r, 200); });
    return answers.slice(0, count);
  };
  child.stdin.on('error', () => {}); // a server that died answers nothing: the checks below say so
  // Resolves once written, or when the server is gone (the checks below then fail, quickly).
  const write = (text: string) =>
    Promise.race([exited.then(() => {}), new Promise<void>((resolve) => (child.stdin.write(text) ? resolve() : child.stdin.once('drain', resolve)))]);
  return { child, answers, next, write, exited, stderr: () => stderr };
}

describe('engram mcp: bad input gets JSON-RPC errors, and the server stays up', () => {
  it('answers a line over 10 MiB, params as an array, broken JSON and an invalid message, then still serves tools/list', async () => {
    const mcp = startMcp();
    try {
      const init = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };
      await mcp.write(JSON.stringify(init) + '\n');
      expect((await mcp.next(1))[0]).toMatchObject({ id: 1, result: expect.anything() });
      await mcp.write(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) + '\n');

      // 11 MiB in one line, written in pieces as a pipe would deliver it.
      const huge = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'memory_write', arguments: { kind: 'rules', text: 'x'.repeat(11 * 1024 * 1024) } } });
      for (let i = 0; i < huge.length; i += 1 << 20) await mcp.write(huge.slice(i, i + (1 << 20)));
      await mcp.write('\n');
      await mcp.write(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: ['memory_search', { query: 'x' }] }) + '\n');
      await mcp.write('{"jsonrpc": "2.0", "id": 4, "method": \n');
      await mcp.write(JSON.stringify({ jsonrpc: '2.0', id: 5, result: 'not-a-request', method: 7 }) + '\n');
      await mcp.write(JSON.stringify({ jsonrpc: '2.0', id: 6, method: 'tools/list', params: {} }) + '\n');

      const answers = await mcp.next(6);
      expect(mcp.child.exitCode, mcp.stderr()).toBeNull();
      const [, tooLarge, arrayParams, broken, invalid, list] = answers;
      expect(tooLarge).toMatchObject({ id: null, error: { code: -32600, message: expect.stringContaining('over 10485760 bytes') } });
      expect(arrayParams).toMatchObject({ id: 3, error: { code: -32602, message: expect.stringContaining('params') } });
      expect(broken).toMatchObject({ id: null, error: { code: -32700 } });
      expect(invalid).toMatchObject({ id: 5, error: { code: -32600 } });
      expect(list.id).toBe(6);
      expect(list.result!.tools!.map((t) => t.name).sort()).toEqual(['memory_context', 'memory_search', 'memory_timeline', 'memory_write']);
    } finally {
      mcp.child.stdin.end();
    }
    expect(await mcp.exited).toBe(0);
  });
});
