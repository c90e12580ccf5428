import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { Host } from '../../../main/core/host';
import type { AppInfo } from '../../../contract';
import { REPO_ROOT } from '../../helpers/cli';
import { tempDir } from '../../helpers/tempDir';

// npm's own range logic (semver is in the tree through npm's tooling; typed here, not a dependency).
const semver = createRequire(__filename)('semver') as {
  satisfies(version: string, range: string): boolean;
  minVersion(range: string): { version: string } | null;
};

// What a new user meets installing Engram: the README's promises about it must hold.
describe('install', () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

  it('every package in the lock file accepts the Node version the README promises (no EBADENGINE)', () => {
    const promised = /Needs Node\.js (\d+\.\d+)\+/.exec(readme)?.[1];
    expect(promised).toBeDefined();
    const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
    };
    const refusing = Object.entries(lock.packages)
      .filter(([, p]) => p.engines && !Array.isArray(p.engines) && p.engines.node && !semver.satisfies(`${promised}.0`, p.engines.node))
      .map(([name, p]) => `${name}@${p.version} wants node ${(p.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
    const ours = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).engines.node;
    expect(semver.minVersion(ours)?.version).toBe(`${promised}.0`);
  });

  it('puts the offline remedy right beside `npm ci`, on its line', () => {
    const line = readme.split('\n').find((l) => /^npm ci\b/.test(l));
    expect(line).toBeDefined();
    expect(line).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci');
  });

  it('the window tells people a command they can type, and it runs', () => {
    const host = new Host({ dataDir: tempDir(), shell: 'browser', env: { PATH: '/usr/bin:/bin' } });
    try {
      const info = host.info() as AppInfo;
      expect(info.cli).toBeTruthy();
      const [cmd, ...args] = info.cli.split(' ');
      expect(execFileSync(cmd === 'node' ? process.execPath : cmd, [...args, '--version'], { encoding: 'utf8' })).toMatch(/^engram \d/);
    } finally {
      host.close();
    }
  });
});
