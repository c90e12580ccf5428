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
