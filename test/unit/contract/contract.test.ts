import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requestSchemas, TERMINAL_FLOW, type ApiHandlers } from '../../../contract';

const repo = path.resolve(__dirname, '../../..');

/** Every relative import of the .ts/.tsx files under `dir`, as `file → resolved target`. */
function importsOf(dir: string): Array<{ file: string; target: string }> {
  const out: Array<{ file: string; target: string }> = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(e.name)) {
        const text = fs.readFileSync(full, 'utf8');
        for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
          out.push({ file: path.relative(repo, full), target: path.relative(repo, path.resolve(path.dirname(full), m[1]!)) });
        }
      }
    }
  };
  walk(path.join(repo, dir));
  return out;
}

const topOf = (target: string) => target.split(path.sep)[0];

describe('the contract', () => {
  it('imports nothing from main/, preload/ or renderer/', () => {
    const outside = importsOf('contract').filter((i) => topOf(i.target) !== 'contract');
    expect(outside).toEqual([]);
  });

  it('is the only thing main/ and renderer/ share: neither imports the other, nor preload/', () => {
    const fromMain = importsOf('main').filter((i) => ['renderer', 'preload'].includes(topOf(i.target)!));
    const fromRenderer = importsOf('renderer').filter((i) => ['main', 'preload'].includes(topOf(i.target)!));
    const fromPreload = importsOf('preload').filter((i) => ['main', 'renderer'].includes(topOf(i.target)!));
    expect([...fromMain, ...fromRenderer, ...fromPreload]).toEqual([]);
  });

  it('is spoken only at the host boundary: no domain below it imports the host core or its error mapping', () => {
    const shells = ['core', 'server', 'electron', 'cli', 'mcp'];
    const below = importsOf('main').filter((i) => !shells.includes(i.file.split(path.sep)[1]!));
    expect(below.filter((i) => i.target.startsWith(path.join('main', 'core') + path.sep))).toEqual([]);
    const errorMapping = importsOf('main').filter((i) => i.target === path.join('main', 'core', 'apiErrors'));
    expect(errorMapping.map((i) => i.file)).toEqual([path.join('main', 'core', 'host.ts')]);
  });

  it('lets the sandboxed preload load nothing but electron and the zod-free wire file', () => {
    const runtimeImports = (file: string) =>
      [...fs.readFileSync(path.join(repo, file), 'utf8').matchAll(/^import (?!type )[^;]*?from '([^']+)'/gm)].map((m) => m[1]);
    expect(runtimeImports('preload/index.ts')).toEqual(['electron', '../contract/wire']);
    expect(runtimeImports('contract/wire.ts')).toEqual([]);
  });

  it('lets the PTY host process start without the schemas: it loads only the flow-control numbers', () => {
    const fromHostProcess = importsOf(path.join('main', 'pty', 'hostProcess')).filter((i) => topOf(i.target) === 'contract');
    expect([...new Set(fromHostProcess.map((i) => i.target))]).toEqual([path.join('contract', 'terminalFlow')]);
    expect(fs.readFileSync(path.join(repo, 'contract', 'terminalFlow.ts'), 'utf8')).not.toMatch(/^import /m);
  });

  it('keeps the terminal ack step far below the PTY host resume point', () => {
    expect(TERMINAL_FLOW.lowWatermark).toBeLessThan(TERMINAL_FLOW.highWatermark);
    expect(TERMINAL_FLOW.ackStep * 4).toBeLessThanOrEqual(TERMINAL_FLOW.lowWatermark);
  });

  it('types each handler from its schema, so a drifting handler does not compile', () => {
    // The parsed params of agent.send carry the mode list of the contract, not a string.
    const send: ApiHandlers['agent.send'] = ({ mode }) => {
      const m: 'build' | 'plan' | 'compose' | undefined = mode;
      return { sessionId: String(m) };
    };
    // @ts-expect-error a handler that expects a param its schema does not have is refused
    const drifted: ApiHandlers['agent.stop'] = (p: { projectId: string; force: boolean }) => ({ stopped: p.force });
    // @ts-expect-error a handler that answers the wrong shape is refused
    const wrongAnswer: ApiHandlers['agent.stop'] = () => ({ stopped: 'yes' });
    expect([send, drifted, wrongAnswer].every((h) => typeof h === 'function')).toBe(true);
    expect(requestSchemas['agent.send'].safeParse({ projectId: 'p', text: 'hi', mode: 'ask' }).success).toBe(false);
  });
});
