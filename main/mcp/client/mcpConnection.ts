import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpState } from '../../../contract/mcp';
import { ENGRAM_VERSION } from '../../core/version';
import type { McpServerConfig } from './mcpConfig';

export interface McpToolDef {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
}

export interface McpCallResult {
  text: string;
  isError: boolean;
}

/**
 * One MCP server, started through the SDK's client: `starting` until it answered `initialize`
 * and `tools/list` within the start timeout, then `ready`; `failed` with a reason when it does
 * not start, hangs, or exits later. Closing kills a stdio server's process.
 */
export class McpConnection {
  state: McpState = 'starting';
  reason: string | null = null;
  tools: McpToolDef[] = [];
  readonly ready: Promise<void>;
  private readonly client = new Client({ name: 'engram', version: ENGRAM_VERSION });
  private transport: Transport | null = null;
  private stderrTail = '';
  private closed = false;

  constructor(
    readonly config: McpServerConfig,
    private readonly options: { startTimeoutMs: number; onChange: () => void },
  ) {
    this.ready = this.start();
  }

  private async start(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      this.transport = this.makeTransport();
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`did not start within ${Math.round(this.options.startTimeoutMs / 100) / 10} s`)), this.options.startTimeoutMs);
      });
      await Promise.race([this.client.connect(this.transport, { timeout: this.options.startTimeoutMs }), timeout]);
      const listed = await Promise.race([this.client.listTools(undefined, { timeout: this.options.startTimeoutMs }), timeout]);
      this.tools = listed.tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema as Record<string, unknown> }));
      if (this.closed) return;
      this.state = 'ready';
      // A server that exits later (a crash) is failed from then on; the next run starts it again.
      this.client.onclose = () => {
        if (this.closed || this.state !== 'ready') return;
        this.fail(`exited${this.lastStderrLine()}`);
      };
    } catch (err) {
      this.fail(`${(err as Error).message ?? String(err)}${this.lastStderrLine()}`);
      void this.close(false);
    } finally {
      clearTimeout(timer);
      if (!this.closed) this.options.onChange();
    }
  }

  private makeTransport(): Transport {
    const c = this.config;
    if (c.transport === 'stdio') {
      const t = new StdioClientTransport({ command: c.command, args: c.args, env: { ...getDefaultEnvironment(), ...c.env }, cwd: c.cwd, stderr: 'pipe' });
      t.stderr?.on('data', (d: Buffer) => (this.stderrTail = (this.stderrTail + d.toString()).slice(-2000)));
      return t;
    }
    const init = { requestInit: { headers: c.headers } };
    return c.transport === 'http' ? new StreamableHTTPClientTransport(new URL(c.url), init) : new SSEClientTransport(new URL(c.url), init);
  }

  private lastStderrLine(): string {
    const line = this.stderrTail.trim().split('\n').pop()?.trim();
    return line ? ` (stderr: ${line.slice(0, 300)})` : '';
  }

  private fail(reason: string): void {
    if (this.state === 'failed') return;
    this.state = 'failed';
    this.reason = reason;
    if (!this.closed) this.options.onChange();
  }

  async call(tool: string, args: Record<string, unknown>, options: { timeoutMs: number; signal: AbortSignal }): Promise<McpCallResult> {
    if (this.state !== 'ready') throw new Error(`MCP server ${this.config.name} is not running: ${this.reason ?? this.state}`);
    const result = await this.client.callTool({ name: tool, arguments: args }, undefined, { timeout: options.timeoutMs, signal: options.signal });
    const content = (result.content ?? []) as Array<{ type: string; text?: string; mimeType?: string; resource?: { uri?: string; text?: string } }>;
    const text = content
      .map((c) => (c.type === 'text' ? (c.text ?? '') : c.type === 'resource' ? (c.resource?.text ?? `[resource ${c.resource?.uri ?? ''}]`) : `[${c.type}${c.mimeType ? ` ${c.mimeType}` : ''} not shown]`))
      .join('\n');
    const structured = !text && result.structuredContent ? JSON.stringify(result.structuredContent) : '';
    return { text: text || structured || '(no output)', isError: result.isError === true };
  }

  async close(markClosed = true): Promise<void> {
    if (markClosed) this.closed = true;
    try {
      await this.client.close();
    } catch {
      // already gone
    }
    try {
      await this.transport?.close();
    } catch {
      // already gone
    }
  }
}
