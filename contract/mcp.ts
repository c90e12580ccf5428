/** MCP servers whose tools the agent is offered (`.mcp.json` and settings `mcpServers`). */
import { z } from 'zod';
import { projectId } from './shapes';

/** Where a server was declared: the project's `.mcp.json` (Claude Code's format) or the user's settings. */
export const MCP_SOURCES = ['project', 'settings'] as const;
export type McpSource = (typeof MCP_SOURCES)[number];

export const MCP_TRANSPORTS = ['stdio', 'http', 'sse'] as const;
export type McpTransportKind = (typeof MCP_TRANSPORTS)[number];

/**
 * `unapproved`: declared by the project's `.mcp.json` and not yet allowed by the person (a
 * cloned repository must not run commands on its own); then `starting` → `ready`, or `failed`
 * (did not start, crashed, timed out) with the reason.
 */
export const MCP_STATES = ['unapproved', 'starting', 'ready', 'failed'] as const;
export type McpState = (typeof MCP_STATES)[number];

export interface McpServerStatus {
  name: string;
  source: McpSource;
  transport: McpTransportKind;
  state: McpState;
  /** Why it failed, in words (stderr's last line, a timeout, an HTTP status). */
  reason: string | null;
  /** The names the agent sees: `mcp__<server>__<tool>`. */
  tools: string[];
}


export const mcpSchemas = {
  /** The project's MCP servers (its `.mcp.json` and the settings' `mcpServers`): state, reason, tools. */
  'mcp.servers': z.object({ projectId }).strict(),
  /** Allows a server the project's `.mcp.json` declares, as it is declared now (a change asks again). */
  'mcp.approve': z.object({ projectId, name: z.string().min(1).max(100) }).strict(),
} satisfies Record<string, z.ZodType>;

export interface McpResponses {
  'mcp.servers': McpServerStatus[];
  'mcp.approve': McpServerStatus[];
}

export interface McpEvents {
  /** A server of this project started, failed or was restarted. */
  'mcp.changed': { projectId: string };
}
