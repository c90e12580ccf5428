import path from 'node:path';
import { z } from 'zod';
import type { McpSource, McpTransportKind } from '../../../contract/mcp';
import { readProjectFile } from '../../paths/projectPath';
import { readUserConfig } from '../../settings/userConfig';

/** One server as `.mcp.json` (Claude Code's format) or settings `mcpServers` declare it. */
const serverSchema = z.union([
  z
    .object({
      type: z.literal('stdio').optional(),
      command: z.string().min(1),
      args: z.array(z.string()).optional(),
      env: z.record(z.string(), z.string()).optional(),
      cwd: z.string().optional(),
    }),
  z
    .object({
      type: z.enum(['http', 'sse']),
      url: z.string().url(),
      headers: z.record(z.string(), z.string()).optional(),
    }),
]);
const fileSchema = z.object({ mcpServers: z.record(z.string(), z.unknown()).optional() }).passthrough();

export type McpServerConfig =
  | { name: string; source: McpSource; transport: 'stdio'; command: string; args: string[]; env: Record<string, string>; cwd: string }
  | { name: string; source: McpSource; transport: Exclude<McpTransportKind, 'stdio'>; url: string; headers: Record<string, string> };

/** A server declared wrongly: shown in Settings as failed, with why. */
export interface McpConfigProblem {
  name: string;
  source: McpSource;
  reason: string;
}

/** Names become part of tool names (`mcp__<server>__<tool>`): letters, digits, `-` and `_`. */
const NAME = /^[A-Za-z0-9_-]{1,48}$/;

/** `${VAR}` and `${VAR:-default}`, as Claude Code expands them in `.mcp.json`. */
function expand(value: string, env: NodeJS.ProcessEnv): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_m, name: string, fallback?: string) => env[name] ?? fallback ?? '');
}

function parseServers(raw: Record<string, unknown>, source: McpSource, root: string, env: NodeJS.ProcessEnv) {
  const servers: McpServerConfig[] = [];
  const problems: McpConfigProblem[] = [];
  for (const [name, value] of Object.entries(raw)) {
    if (!NAME.test(name)) {
      problems.push({ name, source, reason: 'The name may only hold letters, digits, "-" and "_" (it becomes part of tool names).' });
      continue;
    }
    const parsed = serverSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      problems.push({ name, source, reason: `Not a server declaration: ${issue.path.join('.') || 'entry'}: ${issue.message}` });
      continue;
    }
    const s = parsed.data;
    if ('command' in s) {
      servers.push({
        name,
        source,
        transport: 'stdio',
        command: expand(s.command, env),
        args: (s.args ?? []).map((a) => expand(a, env)),
        env: Object.fromEntries(Object.entries(s.env ?? {}).map(([k, v]) => [k, expand(v, env)])),
        cwd: s.cwd ? path.resolve(root, expand(s.cwd, env)) : root,
      });
    } else {
      servers.push({
        name,
        source,
        transport: s.type,
        url: expand(s.url, env),
        headers: Object.fromEntries(Object.entries(s.headers ?? {}).map(([k, v]) => [k, expand(v, env)])),
      });
    }
  }
  return { servers, problems };
}

/**
 * The servers of a project: its `.mcp.json` (read only when its real path is inside the
 * project, so a cloned repository cannot point it elsewhere) and the user's `mcpServers`.
 * The project's declaration of a name wins over the user's.
 */
export function loadMcpConfig(dataDir: string, root: string, env: NodeJS.ProcessEnv): { servers: McpServerConfig[]; problems: McpConfigProblem[] } {
  const servers: McpServerConfig[] = [];
  const problems: McpConfigProblem[] = [];
  const add = (raw: unknown, source: McpSource) => {
    const r = parseServers((raw ?? {}) as Record<string, unknown>, source, root, env);
    for (const s of r.servers) {
      const i = servers.findIndex((x) => x.name === s.name);
      if (i >= 0) servers.splice(i, 1);
      servers.push(s);
    }
    problems.push(...r.problems);
  };
  try {
    add(readUserConfig(dataDir).mcpServers, 'settings');
  } catch (err) {
    problems.push({ name: 'config.json', source: 'settings', reason: (err as Error).message });
  }
  try {
    // The same guard as every file a repository supplies: a link out of the project throws.
    const text = readProjectFile(root, path.join(root, '.mcp.json'), MAX_MCP_JSON_BYTES);
    if (text !== null) {
      const parsed = fileSchema.safeParse(JSON.parse(text));
      if (!parsed.success) problems.push({ name: '.mcp.json', source: 'project', reason: `Not an MCP config: ${parsed.error.issues[0].message}` });
      else add(parsed.data.mcpServers, 'project');
    }
  } catch (err) {
    problems.push({ name: '.mcp.json', source: 'project', reason: `Not read: ${(err as Error).message}` });
  }
  return { servers, problems };
}

const MAX_MCP_JSON_BYTES = 1024 * 1024;
