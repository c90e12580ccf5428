import { afterEach, describe, expect, it } from 'vitest';
import { HIGH_WATERMARK } from '../../../main/pty/hostProcess/flowControl';
import { DEFAULT_BATCH_MAX_BYTES } from '../../../main/pty/hostProcess/outputBatcher';
import type { FromPtyHost } from '../../../main/pty/protocol';
import type { OutputChannel } from '../../../main/pty/hostProcess/outputChannel';
import { PtyHost } from '../../../main/pty/hostProcess/ptyHost';
import { tempDir } from '../../helpers/tempDir';

const WAIT = { timeout: 20_000, interval: 50 };

/** A window's channel as the PTY host sees it, recording what it is sent. */
function windowChannel() {
  const received: Uint8Array[] = [];
  const listeners = { input: [] as ((d: string) => void)[], ack: [] as ((n: number) => void)[], close: [] as (() => void)[] };
  let closedWith: string | undefined;
  const channel: OutputChannel = {
    send: (bytes) => void received.push(bytes),
    close: (reason) => {
      closedWith = reason;
      for (const l of listeners.close) l();
    },
    onInput: (l) => void listeners.input.push(l),
    onAck: (l) => void listeners.ack.push(l),
    onClose: (l) => void listeners.close.push(l),
  };
  return {
    channel,
    type: (data: string) => listeners.input.forEach((l) => l(data)),
    ack: (bytes: number) => listeners.ack.forEach((l) => l(bytes)),
    bytes: () => received.reduce((n, b) => n + b.length, 0),
    text: () => received.map((b) => Buffer.from(b).toString('utf8')).join(''),
    closedWith: () => closedWith,
  };
}

/** A PTY host driven in-process through its message surface, with real shells. */
function startHost(scrollbackBytes?: number) {
  const messages: FromPtyHost[] = [];
  const host = new PtyHost({ send: (m) => messages.push(m), scrollbackBytes });
  const find = <T extends FromPtyHost['type']>(type: T, key: string) =>
    messages.find((m) => m.type === type && 'key' in m && m.key === key) as Extract<FromPtyHost, { type: T }> | undefined;
  const spawned = async (key: string) => {
    host.handle({ type: 'spawn', key, cwd: tempDir(), cols: 80, rows: 24, shell: '/bin/bash' });
    await expect.poll(() => find('spawned', key), WAIT).toBeTruthy();
  };
  return { host, messages, find, spawned };
}

/** Resolves once `read()` has kept the same value across a few samples (the producer is stopped). */
async function settled(read: () => number): Promise<number> {
  let last = -1;
  let same = 0;
  await expect
    .poll(() => {
      const now = read();
      same = now === last ? same + 1 : 0;
      last = now;
      return same;
    }, { timeout: 20_000, interval: 100 })
    .toBeGreaterThanOrEqual(4);
  return last;
}

let current: ReturnType<typeof startHost> | undefined;
afterEach(() => current?.host.shutdown());

describe('PtyHost', () => {
  it('runs a shell in the folder it is given and streams what it prints to the window', async () => {
    current = startHost();
    const { host, find } = current;
    const cwd = tempDir();
    host.handle({ type: 'spawn', key: 't1', cwd, cols: 80, rows: 24, shell: '/bin/bash' });
    await expect.poll(() => find('spawned', 't1'), WAIT).toBeTruthy();
    const win = windowChannel();
    host.connect('t1', 1, win.channel);
    win.type('echo "dir=$PWD"; printf "\\xe2\\x82\\xac%.0s" 1 2 3; echo\r');
    await expect.poll(() => win.text(), WAIT).toContain(`dir=${cwd}`);
    await expect.poll(() => win.text(), WAIT).toContain('€€€');
    win.type('exit 7\r');
    await expect.poll(() => find('exit', 't1'), WAIT).toMatchObject({ exitCode: 7 });
  });

  it('pauses the shell above the high watermark until the window acknowledges output', async () => {
    current = startHost();
    await current.spawned('flood');
    const win = windowChannel();
    current.host.connect('flood', 1, win.channel);
    win.type('yes\r');

    await expect.poll(() => win.bytes(), WAIT).toBeGreaterThan(HIGH_WATERMARK);
    const before = await settled(() => win.bytes());
    // Whatever was read before the pause took effect: at most a batch or two more.
    expect(before).toBeLessThanOrEqual(HIGH_WATERMARK + 2 * DEFAULT_BATCH_MAX_BYTES);

    win.ack(before);
    await expect.poll(() => win.bytes(), WAIT).toBeGreaterThan(before + HIGH_WATERMARK);
    const after = await settled(() => win.bytes());
    expect(after - before).toBeLessThanOrEqual(HIGH_WATERMARK + 2 * DEFAULT_BATCH_MAX_BYTES);
  });

  it('is paced by the most recent window: an older window’s acks do not resume the shell', async () => {
    current = startHost();
    await current.spawned('two');
    const older = windowChannel();
    const newer = windowChannel();
    current.host.connect('two', 1, older.channel);
    current.host.connect('two', 2, newer.channel);
    newer.type('yes\r');
    await expect.poll(() => newer.bytes(), WAIT).toBeGreaterThan(HIGH_WATERMARK);
    const paused = await settled(() => newer.bytes());
    older.ack(paused);
    expect(await settled(() => newer.bytes())).toBe(paused);
    newer.ack(paused);
    await expect.poll(() => newer.bytes(), WAIT).toBeGreaterThan(paused);
    // Both windows saw the same stream.
    expect(older.bytes()).toBe(newer.bytes());
  });

  it('lets an unwatched shell run with only its ring buffer, and replays that on connect', async () => {
    current = startHost(64 * 1024);
    const { host, find } = current;
    await current.spawned('bg');
    const typist = windowChannel();
    host.connect('bg', 1, typist.channel);
    // The pause before `exit` lets the kernel hand over the last lines: a PTY whose process exits
    // with output still unread may drop it (node-pty on Linux), which is not what this test is about.
    typist.type('sleep 0.3; yes 0123456789 | head -c 20000000; echo; echo done-$((1+1)); sleep 0.5; exit\r');
    typist.channel.close('window closed');
    await expect.poll(() => find('exit', 'bg'), { timeout: 60_000, interval: 100 }).toBeTruthy();
    expect(typist.bytes()).toBeLessThan(4096);

    const later = windowChannel();
    host.connect('bg', 9, later.channel);
    expect(later.bytes()).toBeGreaterThan(60 * 1024);
    expect(later.bytes()).toBeLessThanOrEqual(64 * 1024);
    expect(later.text()).toContain('done-2');
  });

  it('closes the windows of a terminal that ends, saying why, and refuses unknown terminals', async () => {
    current = startHost();
    await current.spawned('gone');
    const win = windowChannel();
    current.host.connect('gone', 1, win.channel);
    current.host.handle({ type: 'close', key: 'gone', reason: 'The terminal restarted.' });
    expect(win.closedWith()).toBe('The terminal restarted.');

    const stray = windowChannel();
    current.host.connect('nope', 2, stray.channel);
    expect(stray.closedWith()).toBe('The terminal is not running.');
  });

  it('explains a shell that cannot start, and ignores messages for unknown terminals', async () => {
    current = startHost();
    const { host, find, messages } = current;
    host.handle({ type: 'spawn', key: 'bad', cwd: tempDir(), cols: 80, rows: 24, shell: '/nonexistent/shell' });
    await expect.poll(() => find('spawnFailed', 'bad'), WAIT).toMatchObject({
      message: 'Cannot start the shell: /nonexistent/shell does not exist.',
    });
    host.handle({ type: 'resize', key: 'bad', cols: 10, rows: 10 });
    host.handle({ type: 'close', key: 'bad' });
    expect(messages.filter((m) => m.type !== 'spawnFailed')).toEqual([]);
    expect(host.size).toBe(0);
  });
});
