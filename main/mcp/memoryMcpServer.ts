import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { MemoryEngine } from '../memory/memoryEngine';
import { MEMORY_KINDS } from '../memory/kinds';
import { ENGRAM_VERSION } from '../core/version';
import { isDatabaseCorruption } from '../db/database';
import { engramLayout } from '../../contract/engramLayout';

type ToolResult = { content: { type: 'text'; text: string }[]; isError?: boolean };

/**
 * Engram's memory as Model Context Protocol tools, so another agent (Claude Code, OpenCode…)
 * can search and extend the same `.engram/` memory. Tool names and arguments are those of the
 * agent's own memory tools (SPEC §4). The index is synced before every call, so edits made
 * meanwhile in an editor or by the app are seen.
 */
export function createMemoryMcpServer(engine: MemoryEngine): McpServer {
  const server = new McpServer({ name: 'engram', version: ENGRAM_VERSION });
  const run = async (fn: () => unknown): Promise<ToolResult> => {
    try {
      engine.sync();
      return { content: [{ type: 'text', text: JSON.stringify(await fn(), null, 2) }] };
    } catch (err) {
      const text = isDatabaseCorruption(err)
        ? `${(err as Error).message}: engram.db is damaged. Restart engram mcp: it checks the database at start, moves a damaged one aside and rebuilds it from the ${engramLayout.dir}/ files.`
        : (err as Error).message;
      return { content: [{ type: 'text', text }], isError: true };
    }
  };

  server.registerTool(
    'memory_search',
    {
      description:
        "Ranked search over the project's memory, checkpoints, notes, task progress and session messages: the ranking memory_context fills its block from.",
      inputSchema: { query: z.string().min(1), limit: z.number().int().min(1).max(100).optional() },
    },
    async ({ query, limit }) => run(() => engine.searchAsync(query, { limit: limit ?? 10 })),
  );

  server.registerTool(
    'memory_write',
    {
      description: `Adds an entry to the project's ${engramLayout.memoryFile}. kind is one of: ${MEMORY_KINDS.join(', ')}. Returns the entry id.`,
      inputSchema: { kind: z.string().min(1), text: z.string().min(1).max(20_000) },
    },
    async ({ kind, text }) => run(() => engine.add({ kind, text, source: 'mcp' }, { actor: 'agent' })),
  );

  server.registerTool(
    'memory_context',
    {
      description: 'The memory block Engram would give its own agent for a query, within a token budget (o200k_base).',
      inputSchema: { query: z.string().optional(), budget: z.number().int().min(50).max(200_000).optional() },
    },
    async ({ query, budget }) => run(() => engine.contextAsync({ query, budget: budget ?? 2000 })),
  );

  server.registerTool(
    'memory_timeline',
    {
      description: "Recent changes to the project's memory, newest first.",
      inputSchema: { limit: z.number().int().min(1).max(500).optional() },
    },
    async ({ limit }) => run(() => engine.timeline({ limit: limit ?? 20 })),
  );

  return server;
}
