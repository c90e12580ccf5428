import fs from 'node:fs';
import path from 'node:path';
import type { Command } from '../command';
import { UsageError } from '../cliErrors';
import { Host } from '../../core/host';
import { startServer } from '../../server/server';
import { rendererDir } from '../../paths/builtAssets';

export const serveCommand: Command = {
  words: ['serve'],
  synopsis: '[--host H] [--port P]',
  summary: 'serve the workbench to a browser on loopback; prints the URL with its token',
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
  },
  async run(ctx, values) {
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not "${values.port}"`);
    const dir = rendererDir();
    if (!fs.existsSync(path.join(dir, 'index.html'))) {
      throw new Error(`the workbench is not built (${dir} is missing): run "npm run build" first`);
    }
    const host = new Host({ dataDir: ctx.dataDir, shell: 'browser', log: (l) => process.stderr.write(l + '\n') });
    try {
      if (ctx.projectGiven) host.workbench.open(ctx.projectDir);
      const hostname = (values.host as string | undefined) ?? '127.0.0.1';
      const server = await startServer({ host, rendererDir: dir, hostname, port });
      ctx.result({ url: server.url }, `Engram workbench: ${server.url}`);
      if (!isLoopback(hostname)) {
        ctx.say(`engram: warning: listening on ${hostname}, reachable from other machines; keep the token secret.`);
      }
      // Where keys go, once the workbench is up (SPEC §6).
      ctx.say(`engram: ${host.settings.secrets.description}`);
      ctx.say('Press Ctrl+C to stop.');
      await ctx.stopSignal;
      // Terminal sockets were handed to the PTY host, and the HTTP server waits for them to end:
      // end the shells (and their windows' channels) first.
      await host.terminals.dispose();
      await server.close();
    } finally {
      host.close();
    }
  },
};

function isLoopback(h: string): boolean {
  return h === 'localhost' || h === '::1' || h.startsWith('127.');
}
