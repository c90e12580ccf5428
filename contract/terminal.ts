/**
 * Terminals of a project. Requests and events here carry a terminal's metadata; its bytes travel
 * on a channel of their own (a binary WebSocket `/pty?id=` in the browser shell, a MessagePort in
 * Electron), paced by the flow control below.
 */
import { z } from 'zod';
import { projectId } from './shapes';

export type TerminalStatus = 'starting' | 'running' | 'exited' | 'failed' | 'host-lost';

/** One terminal of a project. */
export interface TerminalInfo {
  id: string;
  projectId: string;
  /** Tab name: the shell's name until the user renames it. */
  title: string;
  cwd: string;
  /** The shell program, once known. */
  shell: string | null;
  pid: number | null;
  cols: number;
  rows: number;
  status: TerminalStatus;
  exitCode: number | null;
  signal: number | null;
  /** Why the shell failed to start or stopped, in words for the pane. */
  message: string | null;
  createdAt: string;
}

// The flow-control numbers both ends share. They live in a file of their own, without zod, only
// because the PTY host process loads them and should start without the schemas (~30 ms).
export { TERMINAL_FLOW } from './terminalFlow';

/** What the renderer sends on a terminal's byte channel: input (binary or `{ input }`), or an ack. */
export type TerminalPortMessage = { input: string } | { ack: number };

const terminalId = z.string().min(1).max(64);
const terminalTitle = z.string().trim().min(1, 'Enter a name.').max(80);
const terminalCols = z.number().int().min(2).max(1000);
const terminalRows = z.number().int().min(1).max(500);

export const terminalSchemas = {
  'terminal.list': z.object({ projectId }).strict(),
  'terminal.create': z
    .object({
      projectId,
      cols: terminalCols.optional(),
      rows: terminalRows.optional(),
      title: terminalTitle.optional(),
      /** Start the shell in this task's worktree (contract/worktrees.ts) instead of the project folder. */
      taskId: z.string().min(1).max(80).optional(),
    })
    .strict(),
  /**
   * The project's Terminal tab is shown: starts its first shell (in the project folder) unless it
   * has a terminal, or had one since it was opened (the user closed it: that choice stands).
   */
  'terminal.openFirst': z.object({ projectId }).strict(),
  'terminal.close': z.object({ id: terminalId }).strict(),
  'terminal.rename': z.object({ id: terminalId, title: terminalTitle }).strict(),
  /** Starts a new shell in place of one that exited, failed or lost its PTY host (or ends a running one first). */
  'terminal.restart': z.object({ id: terminalId }).strict(),
  'terminal.resize': z.object({ id: terminalId, cols: terminalCols, rows: terminalRows }).strict(),
} satisfies Record<string, z.ZodType>;

export interface TerminalResponses {
  'terminal.list': TerminalInfo[];
  'terminal.create': TerminalInfo;
  /** The shell it started, or null when the project has (or had) one already. */
  'terminal.openFirst': { started: TerminalInfo | null };
  'terminal.close': { closed: boolean };
  'terminal.rename': TerminalInfo;
  'terminal.restart': TerminalInfo;
  'terminal.resize': { cols: number; rows: number };
}

export interface TerminalEvents {
  /** A project's terminals changed: created, closed, renamed, started, exited, lost their host. */
  'terminal.changed': { projectId: string; terminals: TerminalInfo[] };
}
