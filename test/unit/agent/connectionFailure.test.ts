import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { streamText } from 'ai';
import { createLanguageModel } from '../../../main/agent/providers/languageModel';
import { describeError } from '../../../main/agent/loop/retry';
import { loadAgentSettings, type AgentSettings } from '../../../main/settings/agentSettings';
import { testConnection } from '../../../main/settings/connectionTest';
import { tempDir } from '../../helpers/tempDir';

/**
 * Failures of a real request (the one Test connection sends, and the agent's) against real
 * sockets on 127.0.0.1 (a closed port, a server answering 401/404/500 in OpenAI's error format, one that never
 * answers, a plain HTTP server asked for HTTPS, a host name that cannot exist), each explained
 * in a sentence with the raw reason kept beside it.
 */
const KEY = 'sk-conn-5e1a9b7c3d2f4a60';
const servers: Array<http.Server | net.Server> = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    (s as http.Server).closeAllConnections?.();
    await new Promise((resolve) => s.close(resolve));
  }
});

function settingsFor(provider: string, baseUrl: string, model = 'some-model'): AgentSettings {
  return loadAgentSettings(tempDir(), null, { ENGRAM_PROVIDER: provider, ENGRAM_BASE_URL: baseUrl, ENGRAM_MODEL: model, ENGRAM_API_KEY: KEY, ENGRAM_KEY_STORAGE: 'file' });
}

async function listen(server: http.Server | net.Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A port nothing listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Answers every request with this status and an OpenAI-style error body. */
function answering(status: number, message: string): Promise<number> {
  return listen(
    http.createServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message, type: 'invalid_request_error' } }));
    }),
  );
}

/** The agent's own request, for the error it fails with (the agent pane shows describeError of it). */
async function agentFailure(settings: AgentSettings): Promise<unknown> {
  let failure: unknown = null;
  const result = streamText({ model: createLanguageModel(settings), prompt: 'hi', maxRetries: 0, onError: ({ error }) => void (failure = error) });
  return Promise.resolve(result.text).then(
    () => failure,
    (err) => failure ?? err,
  );
}

describe('a failed connection, explained', () => {
  it('a closed port on 127.0.0.1: nothing answers there; for Ollama, start it', async () => {
    const port = await closedPort();
    const base = `http://127.0.0.1:${port}/v1`;
    const r = await testConnection(settingsFor('ollama', base, 'llama3.2'), 5_000);
    expect(r.ok).toBe(false);
    expect(r.message).toBe(`Nothing answered at ${base}. Is Ollama running? Start it with \`ollama serve\`.`);
    expect(r.detail).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
    // Any other endpoint is told to check its address instead.
    const other = await testConnection(settingsFor('openai-compatible', base), 5_000);
    expect(other.message).toBe(`Nothing answered at ${base}. Is the model server running, and on this port?`);
    // The agent's run says the same sentence, the raw reason after it.
    const said = describeError(await agentFailure(settingsFor('ollama', base, 'llama3.2')), { provider: 'ollama' });
    expect(said).toBe(`Nothing answered at http://127.0.0.1:${port}. Is Ollama running? Start it with \`ollama serve\`. (${base}/chat/completions: connect ECONNREFUSED 127.0.0.1:${port})`);
  });

  it('401: the key was refused, and the key itself is not repeated', async () => {
    const port = await answering(401, `Incorrect API key provided: ${KEY}.`);
    const r = await testConnection(settingsFor('openai-compatible', `http://127.0.0.1:${port}/v1`), 5_000);
    expect(r.message).toBe(`The server at http://127.0.0.1:${port} answered 401: it refused the API key. Check the key in Settings (a key of this provider, not another's).`);
    expect(r.detail).toContain(`HTTP 401 from http://127.0.0.1:${port}/v1/chat/completions: Incorrect API key provided`);
    expect(`${r.message} ${r.detail}`).not.toContain(KEY);
  });

  it('404 for the path: the Base URL is wrong (it usually ends in /v1); 404 for the model: the model id is', async () => {
    const port = await answering(404, 'Not Found');
    const r = await testConnection(settingsFor('openai-compatible', `http://127.0.0.1:${port}`), 5_000);
    expect(r.message).toBe(`The server at http://127.0.0.1:${port} answered 404 for /chat/completions: check the Base URL (it usually ends in /v1).`);
    expect(r.detail).toBe(`HTTP 404 from http://127.0.0.1:${port}/chat/completions: Not Found`);

    // Already …/v1, and still 404: the address is not the model API at all.
    const v1 = await testConnection(settingsFor('openai-compatible', `http://127.0.0.1:${port}/v1`), 5_000);
    expect(v1.message).toBe(`The server at http://127.0.0.1:${port} answered 404 for /v1/chat/completions: check that the Base URL is the address of its model API.`);

    const ollama = await answering(404, 'model "llama9" not found, try pulling it first');
    const m = await testConnection(settingsFor('ollama', `http://127.0.0.1:${ollama}/v1`, 'llama9'), 5_000);
    expect(m.message).toBe(`The server at http://127.0.0.1:${ollama} does not have the model "llama9". Check the model id. Download it with \`ollama pull llama9\`.`);
  });

  it('500: an error on the server side, its own words kept in the detail', async () => {
    const port = await answering(500, 'CUDA out of memory');
    const r = await testConnection(settingsFor('openai-compatible', `http://127.0.0.1:${port}/v1`), 5_000);
    expect(r.message).toMatch(new RegExp(`^The server at http://127\\.0\\.0\\.1:${port} answered 500, an error on its side: try again`));
    expect(r.detail).toContain('CUDA out of memory');
  });

  it('a server that takes the connection and never answers: no answer within the time allowed', async () => {
    // Holds every request open until the test ends.
    const port = await listen(http.createServer(() => {}));
    const base = `http://127.0.0.1:${port}/v1`;
    const r = await testConnection(settingsFor('openai-compatible', base), 300);
    expect(r.message).toBe(`No answer from ${base} within 300 ms. The server may be busy, or a proxy or firewall is holding the connection.`);
    expect(r.detail).not.toBe('');
  });

  it('https:// to a plain HTTP server: a TLS failure, with the fix (http://)', async () => {
    const port = await answering(200, 'never read');
    const r = await testConnection(settingsFor('openai-compatible', `https://127.0.0.1:${port}/v1`), 5_000);
    expect(r.message).toBe('A secure connection to 127.0.0.1 could not be made: the server does not speak HTTPS on this port. If it is a plain HTTP server, start the Base URL with http://.');
    expect(r.detail).toMatch(/ssl|tls|EPROTO/i);
  });

  it('a host name that cannot exist (.invalid): the name could not be found', async () => {
    const r = await testConnection(settingsFor('openai-compatible', 'http://engram-check.invalid/v1'), 5_000);
    expect(r.message).toBe('The host name engram-check.invalid could not be found. Check the Base URL for a typo, and that this machine is online.');
    expect(r.detail).toMatch(/ENOTFOUND|EAI_AGAIN/);
  });
});
