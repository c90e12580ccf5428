import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ENGRAM_BIN, runEngram } from '../../helpers/cli';
import { useScriptedEmbeddings } from '../../helpers/scriptedEmbeddings';
import { tempDir } from '../../helpers/tempDir';

const embeddings = useScriptedEmbeddings();
const textOf = (result: unknown) => (result as { content: { text: string }[] }).content[0].text;

describe('engram mcp with semantic search on', () => {
  it('memory_search and memory_context answer the fused ranking the CLI answers', async () => {
    const server = await embeddings.start();
    const project = tempDir();
    const dataDir = tempDir();
    const cli = (args: string[]) => runEngram(['--project', project, '--data-dir', dataDir, '--json', ...args]);
    const added = await cli(['memory', 'add', '--kind', 'gotchas', '--text', 'The Postgres datastore gets sluggish when the vacuum job falls behind']);
    await cli(['memory', 'add', '--kind', 'knowledge', '--text', 'The dev server listens on port 5173']);
    const id = JSON.parse(added.stdout).id;
    fs.writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify({ embeddings: { provider: 'openai-compatible', model: 'm', baseUrl: server.baseURL } }));
    expect((await cli(['memory', 'embed'])).code).toBe(0);
    const viaCli = JSON.parse((await cli(['memory', 'search', 'why is our database slow'])).stdout);
    expect(viaCli[0].id).toBe(id);

    const transport = new StdioClientTransport({ command: process.execPath, args: [ENGRAM_BIN, '--project', project, '--data-dir', dataDir, 'mcp'], stderr: 'pipe' });
    const client = new Client({ name: 'engram-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const found = JSON.parse(textOf(await client.callTool({ name: 'memory_search', arguments: { query: 'why is our database slow' } })));
      expect(found).toEqual(viaCli);
      const context = JSON.parse(textOf(await client.callTool({ name: 'memory_context', arguments: { query: 'why is our database slow', budget: 200 } })));
      expect(context.items.map((i: { id: string }) => i.id)).toContain(id);
      expect(context.tokens).toBeLessThanOrEqual(200);
    } finally {
      await client.close();
    }
  });
});
