import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** A request line longer than this is answered with an error and skipped, never buffered. */
export const MAX_LINE_BYTES = 10 * 1024 * 1024;

/**
 * MCP over stdio, one JSON-RPC message per line, like the SDK's StdioServerTransport but
 * answering what that one drops: a line over the size limit (the SDK closes the transport and
 * the process exits 0 without a word), a line that is not JSON, and a message that is not a
 * valid MCP message (e.g. `params` as an array) get a JSON-RPC error, and the server stays up.
 */
export class StdioLineTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Inside a line already over the limit: its bytes are dropped up to the next newline. */
  private skipping = false;
  private closed = false;

  constructor(
    private readonly input: NodeJS.ReadableStream = process.stdin,
    private readonly output: NodeJS.WritableStream = process.stdout,
    private readonly maxLineBytes = MAX_LINE_BYTES,
  ) {}

  async start(): Promise<void> {
    this.input.on('data', this.onData);
    this.input.on('error', this.onInputError);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) return;
    await new Promise<void>((resolve) => {
      if (this.output.write(JSON.stringify(message) + '\n')) resolve();
      else this.output.once('drain', resolve);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.input.off('data', this.onData);
    this.input.off('error', this.onInputError);
    this.chunks = [];
    this.onclose?.();
  }

  private readonly onInputError = (err: Error) => this.onerror?.(err);

  private readonly onData = (data: Buffer | string) => {
    let chunk = typeof data === 'string' ? Buffer.from(data) : data;
    for (;;) {
      const nl = chunk.indexOf(0x0a);
      if (nl === -1) {
        if (this.skipping) return;
        this.chunks.push(chunk);
        this.buffered += chunk.length;
        if (this.buffered > this.maxLineBytes) this.startSkipping();
        return;
      }
      const head = chunk.subarray(0, nl);
      chunk = chunk.subarray(nl + 1);
      if (this.skipping) {
        this.skipping = false;
        continue;
      }
      if (this.buffered + head.length > this.maxLineBytes) {
        this.chunks = [];
        this.buffered = 0;
        this.tooLarge();
        continue;
      }
      const line = Buffer.concat([...this.chunks, head]).toString('utf8').replace(/\r$/, '');
      this.chunks = [];
      this.buffered = 0;
      if (line.trim()) this.handleLine(line);
    }
  };

  private startSkipping(): void {
    this.chunks = [];
    this.buffered = 0;
    this.skipping = true;
    this.tooLarge();
  }

  private tooLarge(): void {
    this.reply(null, ErrorCode.InvalidRequest, `Request line over ${this.maxLineBytes} bytes; it was skipped.`);
  }

  private handleLine(line: string): void {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      this.reply(null, ErrorCode.ParseError, `Parse error: ${(err as Error).message}`);
      return;
    }
    const parsed = JSONRPCMessageSchema.safeParse(value);
    if (parsed.success) {
      this.onmessage?.(parsed.data);
      return;
    }
    const msg = value as { id?: unknown; method?: unknown; params?: unknown } | null;
    const id = msg && typeof msg === 'object' && (typeof msg.id === 'string' || typeof msg.id === 'number') ? msg.id : null;
    // A notification (no id) gets no answer, as JSON-RPC says; a request always does.
    if (id === null && msg && typeof msg === 'object' && typeof msg.method === 'string' && !('id' in msg)) return;
    if (msg && typeof msg === 'object' && 'params' in msg && (typeof msg.params !== 'object' || msg.params === null || Array.isArray(msg.params))) {
      this.reply(id, ErrorCode.InvalidParams, 'Invalid params: MCP requests take their params as an object.');
    } else {
      this.reply(id, ErrorCode.InvalidRequest, `Invalid request: ${parsed.error.issues[0]?.message ?? 'not a JSON-RPC 2.0 message'}.`);
    }
  }

  private reply(id: string | number | null, code: number, message: string): void {
    // `id: null` is what JSON-RPC prescribes when the request's id could not be read.
    void this.send({ jsonrpc: '2.0', id, error: { code, message } } as unknown as JSONRPCMessage);
  }
}
