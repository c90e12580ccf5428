import type { Command } from '../command';
import { withMemoryEngine } from './memoryCommandSupport';
import { createMemoryMcpServer } from '../../mcp/memoryMcpServer';
import { StdioLineTransport } from '../../mcp/stdioLineTransport';

export const mcpCommand: Command = {
  words: ['mcp'],
  synopsis: '',
  summary: "Model Context Protocol server on stdio exposing the project's memory tools",
  async run(ctx) {
    await withMemoryEngine(ctx, async (engine) => {
      const server = createMemoryMcpServer(engine);
      const transport = new StdioLineTransport();
      const closed = new Promise<void>((resolve) => {
        transport.onclose = () => resolve();
        process.stdin.once('end', () => resolve());
      });
      await server.connect(transport);
      process.stderr.write(`engram: MCP server for ${engine.root} on stdio\n`);
      await Promise.race([closed, ctx.stopSignal]);
      await server.close();
    }, { check: true, rerunnable: false, semantic: true });
  },
};
