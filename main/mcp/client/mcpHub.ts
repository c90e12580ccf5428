import { z } from 'zod';
import type { McpServerStatus } from '../../../contract/mcp';
import type { AgentTool } from '../../agent/tools/toolTypes';
import { loadMcpConfig, type McpConfigProblem, type McpServerConfig } from './mcpConfig';
import { McpConnection } from './mcpConnection';

export const DEFAULT_MCP_START_TIMEOUT_MS = 10_000;
export const DEFAULT_MCP_CALL_TIMEOUT_MS = 120_000;

interface ProjectServers {
  connections: Map<string, { signature: string; conn: McpConnection }>;
  problems: McpConfigProblem[];
}

/** What the agent's tool names may hold (the providers' rule): letters, digits, `_`, `-`; 64 at most. */
function toolName(server: string, tool: string): string {
  return `mcp__${server}__${tool.replace(/[^A-Za-z0-9_-]/g, '_')}`.slice(0, 64);
}

/**
 * The MCP servers of every open project, started through the SDK's client and kept for the
 * host's lifetime. Their tools are offered to the agent as `mcp__<server>__<tool>`, under the
 * same permission rules (ask by default). A server that does not start, hangs or crashes is
 * `failed` with its reason and left out of the run: a turn never waits longer than the start
 * timeout, and a call never longer than the call timeout.
 */
export class McpHub {
  private readonly projects = new Map<string, ProjectServers>();

  constructor(
    private readonly options: {
      dataDir: string;
      env: NodeJS.ProcessEnv;
      startTimeoutMs?: number;
      callTimeoutMs?: number;
      /** A server of this project changed state. */
      onChange?: (root: string) => void;
    },
  ) {}

  private get startTimeoutMs(): number {
    return this.options.startTimeoutMs ?? (Number(this.options.env.ENGRAM_MCP_START_TIMEOUT_MS) || DEFAULT_MCP_START_TIMEOUT_MS);
  }

  private get callTimeoutMs(): number {
    return this.options.callTimeoutMs ?? (Number(this.options.env.ENGRAM_MCP_CALL_TIMEOUT_MS) || DEFAULT_MCP_CALL_TIMEOUT_MS);
  }

  /**
   * Reads the project's declarations again and brings the running servers in line: new ones
   * start, changed ones restart, removed ones stop, crashed ones start again.
   */
  sync(root: string, restartCrashed = false): ProjectServers {
    const { servers, problems } = loadMcpConfig(this.options.dataDir, root, this.options.env);
    let project = this.projects.get(root);
    if (!project) {
      project = { connections: new Map(), problems };
      this.projects.set(root, project);
    }
    project.problems = problems;
    const wanted = new Map(servers.map((s) => [s.name, s]));
    for (const [name, { conn, signature }] of project.connections) {
      const next = wanted.get(name);
      const crashed = restartCrashed && conn.state === 'failed' && conn.reason?.startsWith('exited');
      if (!next || JSON.stringify(next) !== signature || crashed) {
        void conn.close();
        project.connections.delete(name);
      }
    }
    for (const [name, config] of wanted) {
      if (!project.connections.has(name)) project.connections.set(name, { signature: JSON.stringify(config), conn: this.connect(root, config) });
    }
    return project;
  }

  private connect(root: string, config: McpServerConfig): McpConnection {
    return new McpConnection(config, { startTimeoutMs: this.startTimeoutMs, onChange: () => this.options.onChange?.(root) });
  }

  /** Each server's state and tools, for Settings (starts them if they were not yet). */
  status(root: string): McpServerStatus[] {
    const project = this.sync(root);
    const list: McpServerStatus[] = [...project.connections.values()].map(({ conn }) => ({
      name: conn.config.name,
      source: conn.config.source,
      transport: conn.config.transport,
      state: conn.state,
      reason: conn.reason,
      tools: conn.tools.map((t) => toolName(conn.config.name, t.name)),
    }));
    for (const p of project.problems) list.push({ name: p.name, source: p.source, transport: 'stdio', state: 'failed', reason: p.reason, tools: [] });
    return list;
  }

  /**
   * The tools of the project's ready servers, waiting at most the start timeout for those
   * still starting. `skipped` says which servers were left out and why, for the run's log.
   */
  async tools(root: string): Promise<{ tools: AgentTool[]; skipped: Array<{ name: string; reason: string }> }> {
    // A server that crashed since the last run gets a new start; one that never started does not.
    const project = this.sync(root, true);
    const conns = [...project.connections.values()].map((c) => c.conn);
    await Promise.all(conns.map((c) => c.ready));
    const tools: AgentTool[] = [];
    const skipped = project.problems.map((p) => ({ name: p.name, reason: p.reason }));
    for (const conn of conns) {
      if (conn.state !== 'ready') {
        skipped.push({ name: conn.config.name, reason: conn.reason ?? conn.state });
        continue;
      }
      for (const def of conn.tools) tools.push(this.agentTool(conn, def));
    }
    return { tools, skipped };
  }

  private agentTool(conn: McpConnection, def: McpConnection['tools'][number]): AgentTool {
    const server = conn.config.name;
    return {
      name: toolName(server, def.name),
      description: `${def.description ?? def.name} (tool "${def.name}" of the MCP server "${server}")`,
      schema: z.record(z.string(), z.unknown()),
      jsonSchema: def.inputSchema,
      // Plan mode stays read-only: a server's own hints are not trusted for that.
      readOnly: false,
      subject: (input) => {
        const args = JSON.stringify(input);
        return `${server} ${def.name} ${args.length > 300 ? `${args.slice(0, 299)}…` : args}`;
      },
      run: async (input, ctx) => {
        const result = await conn.call(def.name, input as Record<string, unknown>, { timeoutMs: this.callTimeoutMs, signal: ctx.signal });
        return { output: result.text, isError: result.isError };
      },
    };
  }

  closeProject(root: string): void {
    const project = this.projects.get(root);
    if (!project) return;
    for (const { conn } of project.connections.values()) void conn.close();
    this.projects.delete(root);
  }

  /** Stops the servers of every project not in `roots` (closed ones). */
  closeOthers(roots: Set<string>): void {
    for (const root of [...this.projects.keys()]) if (!roots.has(root)) this.closeProject(root);
  }

  async dispose(): Promise<void> {
    const all = [...this.projects.values()].flatMap((p) => [...p.connections.values()].map((c) => c.conn.close()));
    this.projects.clear();
    await Promise.all(all);
  }
}
