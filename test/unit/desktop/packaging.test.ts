import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);
const config = parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, any>;

/** electron-builder's own JSON schema for its configuration, as shipped in app-builder-lib. */
function validator() {
  const schema = JSON.parse(fs.readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
  // The schema uses a few non-standard annotations; validation itself stays full.
  const ajv = new Ajv({ strict: false, allErrors: true });
  return ajv.compile(schema);
}

describe('electron-builder.yml', () => {
  it("validates against electron-builder's schema", () => {
    const validate = validator();
    const ok = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the validation catches a wrong option (the check can fail)', () => {
    const validate = validator();
    expect(validate({ ...config, electronFuses: { ...config.electronFuses, runAsNode: 'no' } })).toBe(false);
    expect(validate({ ...config, linux: { ...config.linux, executableNam: 'x' } })).toBe(false);
  });

  it('builds AppImage and deb on Linux, dmg on macOS, nsis on Windows, native modules rebuilt for Electron', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/better-sqlite3/**', 'node_modules/node-pty/**']));
    expect(config.linux.executableName).toBe('engram-desktop');
  });

  it("unpacks sqlite-vec's loadable extension beside the archive, where the app loads it from", async () => {
    expect(config.asarUnpack).toContain('node_modules/sqlite-vec-*/**');
    // The platform package npm installed here is one the pattern covers, and it holds the extension.
    const { getLoadablePath } = await import('sqlite-vec');
    const rel = path.relative(process.cwd(), getLoadablePath()).split(path.sep).join('/');
    expect(rel).toMatch(/^node_modules\/sqlite-vec-[a-z0-9]+-[a-z0-9]+\/vec0\.(so|dylib|dll)$/);
  });

  it('sets the fuses: no NODE_OPTIONS or --inspect, cookies encrypted, ASAR integrity and ASAR-only loading', () => {
    expect(config.electronFuses).toMatchObject({
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      // The page is loaded from file://: it needs the file protocol's privileges.
      grantFileProtocolExtraPrivileges: true,
    });
  });

  it('keeps RunAsNode exactly while the desktop shell runs the merge driver with ELECTRON_RUN_AS_NODE', () => {
    const shellSource = fs.readFileSync(path.join(root, 'main/electron/main.ts'), 'utf8');
    const usesRunAsNode = shellSource.includes('ELECTRON_RUN_AS_NODE');
    expect(config.electronFuses.runAsNode).toBe(usesRunAsNode);
  });

  it('ships the README the Help menu opens, and every file the packaged app loads', () => {
    expect(config.extraResources).toEqual([{ from: 'README.md', to: 'README.md' }]);
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'bin/**', 'package.json']));
    expect(config.extraMetadata.main).toBe(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).main);
  });
});
