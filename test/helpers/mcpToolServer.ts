import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './cli';

const SDK = (p: string) => JSON.stringify(path.join(REPO_ROOT, 'node_modules', '@modelcontextprotocol', 'sdk', 'dist', 'cjs', 'server', p));

/**
 * Writes a real MCP server script (the SDK's McpServer over stdio) with a tool `add` and a tool
 * `crash` that exits the process; returns its `.mcp.json` entry.
 */
export function writeToolServer(dir: string): { command: string; args: string[]; env: Record<string, string> } {
  const file = path.join(dir, 'calc-server.cjs');
  fs.writeFileSync(
    file,
    `const { McpServer } = require(${SDK('mcp.js')});
const { StdioServerTransport } = require(${SDK('stdio.js')});
const { z } = require('zod');
const server = new McpServer({ name: 'calc', version: '1.0.0' });
server.registerTool('add', { description: 'Adds two numbers', inputSchema: { a: z.number(), b: z.number() } }, async ({ a, b }) => ({
  content: [{ type: 'text', text: 'sum is ' + (a + b) }],
}));
server.registerTool('crash', { description: 'Exits the server', inputSchema: {} }, async () => {
  process.stderr.write('calc: crashing on purpose\\n');
  process.exit(3);
});
server.connect(new StdioServerTransport());
`,
  );
  // zod for the script comes from the repository's node_modules.
  return { command: process.execPath, args: [file], env: { NODE_PATH: path.join(REPO_ROOT, 'node_modules') } };
}

/** A server that starts a process and never answers `initialize`. */
export const HANGING_SERVER = { command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'] };

/**
 * An MCP server over streamable HTTP on 127.0.0.1 (the SDK's McpServer and server transport,
 * stateless) with a tool `echo`. Returns its URL and a close function.
 */
export async function startHttpToolServer(): Promise<{ url: string; close(): Promise<void> }> {
  const http = await import('node:http');
  const { McpServer } = await import('@modelcontextprotocol/sdk/server/mcp.js');
  const { StreamableHTTPServerTransport } = await import('@modelcontextprotocol/sdk/server/streamableHttp.js');
  const { z } = await import('zod');
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', async () => {
      const mcp = new McpServer({ name: 'web', version: '1.0.0' });
      mcp.registerTool('echo', { description: 'Echoes a text', inputSchema: { text: z.string() } }, async ({ text }) => ({
        content: [{ type: 'text', text: `echo: ${text}` }],
      }));
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      res.on('close', () => {
        void transport.close();
        void mcp.close();
      });
      await mcp.connect(transport);
      await transport.handleRequest(req, res, raw ? JSON.parse(raw) : undefined);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as import('node:net').AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
