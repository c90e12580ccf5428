import { describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ENGRAM_BIN, runEngram } from '../../helpers/cli';
import { tempDir } from '../../helpers/tempDir';

function textOf(result: unknown): string {
  return ((result as { content: { text: string }[] }).content[0]).text;
}

describe('engram mcp', () => {
  it("serves the project's memory tools over stdio to a real MCP client", async () => {
    const project = tempDir();
    const dataDir = tempDir();
    const seeded = await runEngram(['--project', project, '--data-dir', dataDir, 'memory', 'add', '--kind', 'decisions', '--text', 'Ports: the preview server listens on 5173.']);
    expect(seeded.code).toBe(0);

    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [ENGRAM_BIN, '--project', project, '--data-dir', dataDir, 'mcp'],
      stderr: 'pipe',
    });
    const client = new Client({ name: 'engram-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const tools = (await client.listTools()).tools.map((t) => t.name).sort();
      expect(tools).toEqual(['memory_context', 'memory_search', 'memory_timeline', 'memory_write']);

      const found = JSON.parse(textOf(await client.callTool({ name: 'memory_search', arguments: { query: 'preview server' } })));
      expect(found[0]).toMatchObject({ kind: 'decisions', text: 'Ports: the preview server listens on 5173.' });

      const written = JSON.parse(textOf(await client.callTool({ name: 'memory_write', arguments: { kind: 'gotchas', text: 'Run migrations before the seed script.' } })));
      expect(written.id).toMatch(/^m/);
      const bad = await client.callTool({ name: 'memory_write', arguments: { kind: 'opinions', text: 'x' } });
      expect(bad.isError).toBe(true);
      expect(textOf(bad)).toContain('unknown memory kind "opinions"');

      const context = JSON.parse(textOf(await client.callTool({ name: 'memory_context', arguments: { query: 'migrations seed', budget: 300 } })));
      expect(context.tokens).toBeLessThanOrEqual(300);
      expect(context.text).toContain('Run migrations before the seed script.');
    } finally {
      await client.close();
    }

    // What the MCP client wrote is ordinary project memory, visible to the CLI.
    const search = await runEngram(['--project', project, '--data-dir', dataDir, '--json', 'memory', 'search', 'seed script']);
    expect(JSON.parse(search.stdout)[0]).toMatchObject({ id: expect.stringMatching(/^m/), kind: 'gotchas' });
  });
});
