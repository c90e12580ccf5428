import type { EngramApi, TerminalInfo } from '../../../contract';
import { TerminalSession } from './terminalSession';
import { onThemeChange } from './terminalTheme';

/**
 * Every terminal session of this window, by id: an imperative registry, outside React and
 * outside any store, so xterm instances and their channels survive re-renders and switching
 * between tabs and projects.
 */
const sessions = new Map<string, TerminalSession>();
let themeWatch: (() => void) | undefined;

export function sessionFor(info: TerminalInfo, api: EngramApi): TerminalSession {
  themeWatch ??= onThemeChange(() => sessions.forEach((s) => s.setTheme()));
  let session = sessions.get(info.id);
  if (!session) sessions.set(info.id, (session = new TerminalSession(info, api)));
  return session;
}

/** Applies a project's current terminal list: updates sessions, disposes those that are gone. */
export function syncSessions(projectId: string, terminals: TerminalInfo[]): void {
  const present = new Set(terminals.map((t) => t.id));
  for (const [id, session] of sessions) {
    if (session.info.projectId === projectId && !present.has(id)) {
      session.dispose();
      sessions.delete(id);
    }
  }
  for (const info of terminals) sessions.get(info.id)?.update(info);
}

/** Forgets the sessions of projects no longer open. */
export function dropProjectsExcept(openProjectIds: Set<string>): void {
  for (const [id, session] of sessions) {
    if (!openProjectIds.has(session.info.projectId)) {
      session.dispose();
      sessions.delete(id);
    }
  }
}

/** Read-only diagnostics for tests and benchmarks: each terminal's text as xterm holds it. */
export interface TerminalDebug {
  ids(): string[];
  text(id: string): string;
  renderer(id: string): string | undefined;
  session(id: string): TerminalSession | undefined;
}

declare global {
  interface Window {
    engramTerminalDebug?: TerminalDebug;
  }
}

window.engramTerminalDebug = {
  ids: () => [...sessions.keys()],
  text(id) {
    const buffer = sessions.get(id)?.xterm.buffer.active;
    if (!buffer) return '';
    const lines: string[] = [];
    for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
    return lines.join('\n');
  },
  renderer: (id) => sessions.get(id)?.renderer,
  session: (id) => sessions.get(id),
};
