import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Host } from '../../../main/core/host';
import { describeStartupFailure, startupFailurePage, startupFailureUrl } from '../../../main/electron/startupFailure';
import { tempDir } from '../../helpers/tempDir';

/** The error the real host core throws when it starts on `dataDir`. */
function startError(dataDir: string): unknown {
  try {
    new Host({ dataDir, shell: 'electron', env: {} }).close();
  } catch (err) {
    return err;
  }
  throw new Error('the host started');
}

describe('the start-up failure page says what happened and what to do', () => {
  it('a data folder written by a newer Engram: install the newer one, nothing is changed', () => {
    const dataDir = tempDir();
    const db = new Database(path.join(dataDir, 'engram.db'));
    db.pragma('user_version = 999999');
    db.close();
    const failure = describeStartupFailure(startError(dataDir), { dataDir, packaged: true });
    expect(failure.kind).toBe('newer-schema');
    expect(failure.title).toBe('This data folder was written by a newer Engram');
    expect(failure.what).toContain(dataDir);
    expect(failure.todo[0]).toMatch(/Install the newer version/);
    expect(failure.todo[1]).toContain('--data-dir=');
    // Nothing was changed.
    const after = new Database(path.join(dataDir, 'engram.db'));
    expect(after.pragma('user_version', { simple: true })).toBe(999999);
    after.close();
  });

  it('a data folder that cannot be written: the folder is named, and how to fix it', () => {
    const parent = tempDir();
    fs.writeFileSync(path.join(parent, 'not-a-folder'), '');
    const dataDir = path.join(parent, 'not-a-folder', 'data');
    const failure = describeStartupFailure(startError(dataDir), { dataDir, packaged: true });
    expect(failure.kind).toBe('data-folder');
    expect(failure.title).toBe('Engram cannot write to its data folder');
    expect(failure.what).toContain(dataDir);
    expect(failure.what).toContain('ENOTDIR');
    expect(failure.todo[0]).toContain(`Make ${dataDir} writable`);
  });

  it('permission denied on the data folder (as fs reports it to a non-root user)', () => {
    const err = Object.assign(new Error("EACCES: permission denied, mkdir '/home/ada/.config/engram'"), { code: 'EACCES', errno: -13, syscall: 'mkdir', path: '/home/ada/.config/engram' });
    const failure = describeStartupFailure(err, { dataDir: '/home/ada/.config/engram', packaged: true });
    expect(failure.kind).toBe('data-folder');
    expect(failure.what).toContain('EACCES');
  });

  it('a native module built for another ABI: rebuild in a checkout, reinstall a package', () => {
    // The message Node's dlopen gives for a better-sqlite3 built for Node 20 loaded by Electron 41.
    const err = Object.assign(
      new Error(
        "The module '/work/engram/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\nNODE_MODULE_VERSION 140. Please try re-compiling or re-installing\nthe module (for instance, using `npm rebuild` or `npm install`).",
      ),
      { code: 'ERR_DLOPEN_FAILED' },
    );
    const dev = describeStartupFailure(err, { dataDir: '/d', packaged: false });
    expect(dev.kind).toBe('native-module');
    expect(dev.todo[0]).toContain('npm run rebuild:electron');
    const packaged = describeStartupFailure(err, { dataDir: '/d', packaged: true });
    expect(packaged.todo[0]).toMatch(/Reinstall Engram/);
  });

  it('anything else: the message, how to report it, and the details', () => {
    const failure = describeStartupFailure(new TypeError('boom'), { dataDir: '/d', packaged: true });
    expect(failure.kind).toBe('unknown');
    expect(failure.what).toContain('boom');
    expect(failure.detail).toContain('TypeError: boom');
  });

  it('the page escapes what it shows, runs no script and round-trips through its data: URL', () => {
    const failure = describeStartupFailure(new Error('<img src=x onerror=alert(1)>'), { dataDir: '/d', packaged: true });
    const html = startupFailurePage(failure);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/<script/i);
    const url = startupFailureUrl(failure);
    expect(decodeURIComponent(url.slice('data:text/html;charset=utf-8,'.length))).toBe(html);
  });
});
