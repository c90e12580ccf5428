import { ENGRAM_DIR } from '../../contract/engramLayout';

/**
 * What the window shows when the host core cannot start: what happened and what to do, in
 * words, instead of a blank page. Plain HTML with its own strict policy (no script at all),
 * loaded as a data: URL so it needs nothing from the build or the data folder.
 */

export type StartupFailureKind = 'newer-schema' | 'data-folder' | 'native-module' | 'unknown';

export interface StartupFailure {
  kind: StartupFailureKind;
  title: string;
  /** What happened, in a sentence or two. */
  what: string;
  /** What to do, step by step. */
  todo: string[];
  /** The error as thrown, for a report. */
  detail: string;
}

export interface FailureContext {
  dataDir: string;
  /** Whether this is a packaged app (the remedies differ from a checkout). */
  packaged: boolean;
}

const FOLDER_CODES = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'ENOSPC', 'EEXIST', 'SQLITE_READONLY', 'SQLITE_CANTOPEN']);

export function describeStartupFailure(error: unknown, ctx: FailureContext): StartupFailure {
  const err = error instanceof Error ? error : new Error(String(error));
  const code = (err as NodeJS.ErrnoException).code;
  const detail = err.stack ?? err.message;
  const relaunch = `start Engram with --data-dir=ANOTHER_FOLDER to use a fresh data folder`;

  const newer = /schema version (\d+), newer than this Engram knows \((\d+)\)/.exec(err.message);
  if (newer) {
    return {
      kind: 'newer-schema',
      title: 'This data folder was written by a newer Engram',
      what: `${ctx.dataDir} holds a database from a newer version of Engram (schema version ${newer[1]}; this one knows up to ${newer[2]}). This Engram does not open it, so nothing in it is changed or lost.`,
      todo: ['Install the newer version of Engram (the one that last opened this data folder) and start it.', `Or ${relaunch}; your projects' memory lives in each repository's ${ENGRAM_DIR}/ folder and is not affected.`],
      detail,
    };
  }
  if (
    code === 'ERR_DLOPEN_FAILED' ||
    /NODE_MODULE_VERSION|was compiled against a different Node\.js version|invalid ELF header|wrong ELF class|not a valid Win32 application/.test(err.message)
  ) {
    return {
      kind: 'native-module',
      title: 'A native module was built for a different runtime',
      what: `Engram's database module (better-sqlite3) could not be loaded: it was compiled for another version of Node.js or Electron than the one running now.`,
      todo: ctx.packaged
        ? ['Reinstall Engram from its installer: the package ships the module built for its own Electron.']
        : ['In the Engram checkout, run: npm run rebuild:electron (it builds the module for Electron into .electron-native/).', 'Then start again with: npm start'],
      detail,
    };
  }
  if ((code && FOLDER_CODES.has(code)) || /readonly database|unable to open database file/i.test(err.message)) {
    const where = (err as NodeJS.ErrnoException).path ?? ctx.dataDir;
    return {
      kind: 'data-folder',
      title: 'Engram cannot write to its data folder',
      what: `Engram keeps its database in ${ctx.dataDir}, and writing to ${where} failed (${code ?? 'read-only'}: ${err.message}).`,
      todo: [`Make ${ctx.dataDir} writable by your user (check its owner, permissions and free disk space), then start Engram again.`, `Or ${relaunch}.`],
      detail,
    };
  }
  return {
    kind: 'unknown',
    title: 'Engram could not start',
    what: `The host core failed while starting: ${err.message}`,
    todo: ['Start Engram again; if it fails the same way, use Help → Report a problem… and include the details below.', `If the data folder is at fault, ${relaunch}.`],
    detail,
  };
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function startupFailurePage(failure: StartupFailure): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="color-scheme" content="light dark">
<title>Engram could not start</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; padding: 48px; background: #1b1d23; color: #e6e6e6; }
  main { max-width: 720px; margin: 0 auto; }
  h1 { font-size: 22px; margin: 0 0 12px; color: #ff9e8a; }
  h2 { font-size: 15px; margin: 24px 0 8px; }
  ol { padding-left: 22px; }
  li { margin: 6px 0; }
  pre { background: #0f1115; padding: 12px; border-radius: 6px; overflow: auto; font-size: 12px; white-space: pre-wrap; }
  @media (prefers-color-scheme: light) { body { background: #fafafa; color: #1b1d23; } h1 { color: #b3261e; } pre { background: #eee; } }
</style>
</head>
<body>
<main role="alert" data-failure="${failure.kind}">
  <h1>${escape(failure.title)}</h1>
  <p>${escape(failure.what)}</p>
  <h2>What to do</h2>
  <ol>${failure.todo.map((t) => `<li>${escape(t)}</li>`).join('')}</ol>
  <details><summary>Details</summary><pre>${escape(failure.detail)}</pre></details>
</main>
</body>
</html>
`;
}

/** The page as a URL a BrowserWindow can load. */
export function startupFailureUrl(failure: StartupFailure): string {
  return `data:text/html;charset=utf-8,${encodeURIComponent(startupFailurePage(failure))}`;
}
