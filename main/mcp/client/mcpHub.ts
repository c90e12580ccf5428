import crypto from 'node:crypto';
import { z } from 'zod';
import { NotFoundError } from '../../errors/domainErrors';
import { readUserConfig, updateUserConfig } from '../../settings/userConfig';
import type { McpServerStatus } from '../../../contract/mcp';
import type { AgentTool } from '../../agent/tools/toolTypes';
import { loadMcpConfig, type McpConfigProblem, type McpServerConfig } from './mcpConfig';
import { McpConnection } from './mcpConnection';

export const DEFAULT_MCP_START_TIMEOUT_MS = 10_000;
export const DEFAULT_MCP_CALL_TIMEOUT_MS = 120_000;

interface ProjectServers {
  connections: Map<string, { signature: string; conn: McpConnection }>;
  problems: McpConfigProblem[];
  /** Declared by the project and not allowed yet: never started. */
  unapproved: McpServerConfig[];
}

/** What an approval is for: the server exactly as declared (a changed command asks again). */
function fingerprint(config: McpServerConfig): string {
  return crypto.createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 16);
}

function describeCommand(c: McpServerConfig): string {
  return c.transport === 'stdio' ? [c.command, ...c.args].join(' ') : c.url;
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
      /** Start the project's own servers without asking (`engram run --yes`). */
      trustProjectServers?: boolean;
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
      project = { connections: new Map(), problems, unapproved: [] };
      this.projects.set(root, project);
    }
    project.problems = problems;
    // A repository's .mcp.json runs commands: each of its servers waits for the person's yes.
    const approved = this.approvals(root);
    project.unapproved = servers.filter((s) => s.source === 'project' && !this.options.trustProjectServers && approved[s.name] !== fingerprint(s));
    const wanted = new Map(servers.filter((s) => !project!.unapproved.includes(s)).map((s) => [s.name, s]));
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
    for (const c of project.unapproved) {
      list.push({
        name: c.name,
        source: c.source,
        transport: c.transport,
        state: 'unapproved',
        reason: `The project's .mcp.json wants to run: ${describeCommand(c)}. Allow it to start it.`,
        tools: [],
      });
    }
    for (const p of project.problems) list.push({ name: p.name, source: p.source, transport: 'stdio', state: 'failed', reason: p.reason, tools: [] });
    return list;
  }

  /** Allows the project's server `name` as declared now, and starts it. */
  approve(root: string, name: string): McpServerStatus[] {
    const config = this.sync(root).unapproved.find((c) => c.name === name);
    if (!config) throw new NotFoundError(`No server ${name} waits for approval in this project.`);
    updateUserConfig(this.options.dataDir, (file) => {
      const all = (file.mcpApprovals && typeof file.mcpApprovals === 'object' ? file.mcpApprovals : {}) as Record<string, Record<string, string>>;
      all[root] = { ...(all[root] ?? {}), [name]: fingerprint(config) };
      file.mcpApprovals = all;
    });
    return this.status(root);
  }

  private approvals(root: string): Record<string, string> {
    try {
      const all = readUserConfig(this.options.dataDir).mcpApprovals as Record<string, Record<string, string>> | undefined;
      return all?.[root] ?? {};
    } catch {
      return {};
    }
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
    for (const c of project.unapproved) skipped.push({ name: c.name, reason: 'declared by the project and not allowed yet (Settings › MCP servers)' });
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
