import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnvOutput, resolveLoginEnvironment } from '../../../main/pty/hostProcess/loginEnvironment';
import { processAlive } from '../../helpers/processAlive';
import { tempDir } from '../../helpers/tempDir';

/** A "shell" whose rc files hang and which ignores SIGTERM, as an interactive bash does. */
function hangingShell(pidFile: string): string {
  const file = path.join(tempDir(), 'hanging-shell');
  fs.writeFileSync(file, `#!/bin/sh\ntrap '' TERM\necho $$ > ${pidFile}\nsleep 30\n`, { mode: 0o755 });
  return file;
}

describe('resolveLoginEnvironment', () => {
  it('gives up on a login shell that hangs and ignores SIGTERM, and ends it', async () => {
    const pidFile = path.join(tempDir(), 'pid');
    const started = Date.now();
    const env = await resolveLoginEnvironment(hangingShell(pidFile), 400);
    expect(Date.now() - started).toBeLessThan(5_000);
    // Falls back to our own environment, without our process's private variables.
    expect(env.PATH).toBe(process.env.PATH);
    expect(env.NODE_CHANNEL_FD).toBeUndefined();
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    for (let i = 0; i < 50 && processAlive(pid); i++) await new Promise((r) => setTimeout(r, 20));
    expect(processAlive(pid)).toBe(false);
  });

  it('reads the environment a working login shell prints', async () => {
    const env = await resolveLoginEnvironment('/bin/sh', 10_000);
    expect(env.PATH).toBeTruthy();
    expect(env.SHLVL).toBeUndefined();
  });

  it('ignores whatever rc files print around the markers', () => {
    const out = `motd\n__ENGRAM_ENV_7f3a__PATH=/x:/y\0FOO=a=b\0__ENGRAM_ENV_7f3a__bye`;
    expect(parseEnvOutput(out)).toEqual({ PATH: '/x:/y', FOO: 'a=b' });
    expect(parseEnvOutput('no markers')).toBeNull();
  });
});
