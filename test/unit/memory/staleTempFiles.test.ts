import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runEngram } from '../../helpers/cli';
import { processAlive } from '../../helpers/processAlive';
import { tempDir } from '../../helpers/tempDir';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/**
 * A real process that starts a write the way writeFileAtomic does (a `.MEMORY.md.<its pid>.<hex>.tmp`
 * beside the file, half written) and then hangs there, as if caught mid-write.
 */
async function writerCaughtMidWrite(dir: string): Promise<{ child: ChildProcess; tmp: string }> {
  const script = `
    const fs = require('fs'), path = require('path');
    const tmp = path.join(${JSON.stringify(dir)}, '.MEMORY.md.' + process.pid + '.' + require('crypto').randomBytes(4).toString('hex') + '.tmp');
    fs.writeFileSync(tmp, '# Project memory\\n\\n## Context\\n- half an entry');
    process.stdout.write(tmp + '\\n');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const tmp = await new Promise<string>((resolve) => child.stdout!.once('data', (d) => resolve(String(d).trim())));
  return { child, tmp };
}

describe('temp files left by a write killed midway', () => {
  it('are removed by the next write once their process is dead; a live writer\'s temp file is left alone', async () => {
    const project = tempDir('engram-tmp-project-');
    const data = tempDir('engram-tmp-data-');
    const add = (text: string) => runEngram(['--project', project, '--data-dir', data, 'memory', 'add', '--kind', 'rules', '--text', text]);
    expect((await add('first')).code).toBe(0);
    const dir = path.join(project, '.engram');

    const killed = await writerCaughtMidWrite(dir);
    const live = await writerCaughtMidWrite(dir);
    killed.child.kill('SIGKILL');
    await new Promise((resolve) => killed.child.once('exit', resolve));
    expect(processAlive(killed.child.pid!)).toBe(false);
    expect(fs.existsSync(killed.tmp)).toBe(true);

    const r = await add('second');
    expect(r.code, r.stderr).toBe(0);
    expect(fs.existsSync(killed.tmp)).toBe(false);
    expect(fs.existsSync(live.tmp)).toBe(true);
    const memory = fs.readFileSync(path.join(dir, 'MEMORY.md'), 'utf8');
    expect(memory).toContain('- second');
    expect(memory).not.toContain('half an entry');
  });
});
