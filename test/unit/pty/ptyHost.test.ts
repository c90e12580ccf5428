import { afterEach, describe, expect, it } from 'vitest';
import { HIGH_WATERMARK } from '../../../main/pty/flowControl';
import { DEFAULT_BATCH_MAX_BYTES } from '../../../main/pty/outputBatcher';
import type { FromPtyHost } from '../../../main/pty/protocol';
import { PtyHost } from '../../../main/pty/host/ptyHost';
import { tempDir } from '../../helpers/tempDir';

const WAIT = { timeout: 20_000, interval: 50 };

/** A PTY host driven in-process through its message surface, with real shells. */
function startHost(scrollbackBytes?: number) {
  const messages: FromPtyHost[] = [];
  const host = new PtyHost({ send: (m) => messages.push(m), scrollbackBytes });
  const dataBytes = (key: string) =>
    messages.reduce((n, m) => n + (m.type === 'data' && m.key === key ? m.data.length : 0), 0);
  const text = (key: string) =>
    messages.map((m) => (m.type === 'data' && m.key === key ? Buffer.from(m.data).toString('utf8') : '')).join('');
  const find = <T extends FromPtyHost['type']>(type: T, key: string) =>
    messages.find((m) => m.type === type && 'key' in m && m.key === key) as Extract<FromPtyHost, { type: T }> | undefined;
  return { host, messages, dataBytes, text, find };
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
  it('runs a shell in the folder it is given and streams what it prints', async () => {
    current = startHost();
    const { host, find, text } = current;
    const cwd = tempDir();
    host.handle({ type: 'spawn', key: 't1', cwd, cols: 80, rows: 24, shell: '/bin/bash' });
    await expect.poll(() => find('spawned', 't1'), WAIT).toBeTruthy();
    host.handle({ type: 'attach', key: 't1', attachId: 1 });
    host.handle({ type: 'input', key: 't1', data: 'echo "dir=$PWD"; printf "\\xe2\\x82\\xac%.0s" 1 2 3; echo\r' });
    await expect.poll(() => text('t1'), WAIT).toContain(`dir=${cwd}`);
    await expect.poll(() => text('t1'), WAIT).toContain('€€€');
    host.handle({ type: 'input', key: 't1', data: 'exit 7\r' });
    await expect.poll(() => find('exit', 't1'), WAIT).toMatchObject({ exitCode: 7 });
  });

  it('pauses the shell above the high watermark until output is acknowledged', async () => {
    current = startHost();
    const { host, find, dataBytes } = current;
    host.handle({ type: 'spawn', key: 'flood', cwd: tempDir(), cols: 80, rows: 24, shell: '/bin/bash' });
    await expect.poll(() => find('spawned', 'flood'), WAIT).toBeTruthy();
    host.handle({ type: 'attach', key: 'flood', attachId: 1 });
    host.handle({ type: 'input', key: 'flood', data: 'yes\r' });

    await expect.poll(() => dataBytes('flood'), WAIT).toBeGreaterThan(HIGH_WATERMARK);
    const before = await settled(() => dataBytes('flood'));
    // Whatever was read before the pause took effect: at most a batch or two more.
    expect(before).toBeLessThanOrEqual(HIGH_WATERMARK + 2 * DEFAULT_BATCH_MAX_BYTES);

    host.handle({ type: 'ack', key: 'flood', bytes: before });
    await expect.poll(() => dataBytes('flood'), WAIT).toBeGreaterThan(before + HIGH_WATERMARK);
    const after = await settled(() => dataBytes('flood'));
    expect(after - before).toBeLessThanOrEqual(HIGH_WATERMARK + 2 * DEFAULT_BATCH_MAX_BYTES);
  });

  it('lets an unwatched shell run with only its ring buffer, and replays that on attach', async () => {
    current = startHost(64 * 1024);
    const { host, find, dataBytes, messages } = current;
    host.handle({ type: 'spawn', key: 'bg', cwd: tempDir(), cols: 80, rows: 24, shell: '/bin/bash' });
    await expect.poll(() => find('spawned', 'bg'), WAIT).toBeTruthy();
    // The pause before `exit` lets the kernel hand over the last lines: a PTY whose process exits
    // with output still unread may drop it (node-pty on Linux), which is not what this test is about.
    host.handle({ type: 'input', key: 'bg', data: 'yes 0123456789 | head -c 20000000; echo; echo done-$((1+1)); sleep 0.5; exit\r' });
    await expect.poll(() => find('exit', 'bg'), { timeout: 60_000, interval: 100 }).toBeTruthy();
    expect(dataBytes('bg')).toBe(0);

    host.handle({ type: 'attach', key: 'bg', attachId: 9 });
    const replay = messages.find((m) => m.type === 'replay' && m.key === 'bg') as Extract<FromPtyHost, { type: 'replay' }>;
    expect(replay.attachId).toBe(9);
    expect(replay.data.length).toBeLessThanOrEqual(64 * 1024);
    expect(Buffer.from(replay.data).toString('utf8')).toContain('done-2');
  });

  it('explains a shell that cannot start, and ignores messages for unknown terminals', async () => {
    current = startHost();
    const { host, find, messages } = current;
    host.handle({ type: 'spawn', key: 'bad', cwd: tempDir(), cols: 80, rows: 24, shell: '/nonexistent/shell' });
    await expect.poll(() => find('spawnFailed', 'bad'), WAIT).toMatchObject({
      message: 'Cannot start the shell: /nonexistent/shell does not exist.',
    });
    host.handle({ type: 'input', key: 'bad', data: 'echo hi\r' });
    host.handle({ type: 'resize', key: 'bad', cols: 10, rows: 10 });
    host.handle({ type: 'ack', key: 'bad', bytes: 100 });
    host.handle({ type: 'close', key: 'bad' });
    expect(messages.filter((m) => m.type !== 'spawnFailed')).toEqual([]);
    expect(host.size).toBe(0);
  });
});
