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

/**
 * Ack-based flow control of a terminal's output, one set of numbers for both ends.
 *
 * The PTY host pauses a shell above `highWatermark` bytes sent but not yet parsed by xterm, and
 * resumes it below `lowWatermark`. VS Code uses 100,000 / 5,000, which drains the pipe completely
 * before the shell may write again: with an ack round trip of 10–25 ms on a loaded machine, that
 * stop-and-wait capped a flood at about 5 MB/s here. Half a megabyte still in flight at resume
 * keeps xterm busy while the acks travel, and a Ctrl+C waits behind at most a megabyte of output
 * (about 25 ms of parsing).
 *
 * The renderer acknowledges parsed output in steps of `ackStep` bytes, derived from the low
 * watermark so the two cannot drift apart: the remainder never acknowledged (less than one step)
 * must stay far below the resume point, or it could keep a shell paused for good.
 */
const LOW_WATERMARK = 512 * 1024;
export const TERMINAL_FLOW = {
  highWatermark: 2 * LOW_WATERMARK,
  lowWatermark: LOW_WATERMARK,
  ackStep: LOW_WATERMARK / 32,
} as const;

/** What the renderer sends on a terminal's byte channel: input (binary or `{ input }`), or an ack. */
export type TerminalPortMessage = { input: string } | { ack: number };

const terminalId = z.string().min(1).max(64);
const terminalTitle = z.string().trim().min(1, 'Enter a name.').max(80);
const terminalCols = z.number().int().min(2).max(1000);
const terminalRows = z.number().int().min(1).max(500);

export const terminalSchemas = {
  'terminal.list': z.object({ projectId }).strict(),
  'terminal.create': z
    .object({ projectId, cols: terminalCols.optional(), rows: terminalRows.optional(), title: terminalTitle.optional() })
    .strict(),
  'terminal.close': z.object({ id: terminalId }).strict(),
  'terminal.rename': z.object({ id: terminalId, title: terminalTitle }).strict(),
  /** Starts a new shell in place of one that exited, failed or lost its PTY host (or ends a running one first). */
  'terminal.restart': z.object({ id: terminalId }).strict(),
  'terminal.resize': z.object({ id: terminalId, cols: terminalCols, rows: terminalRows }).strict(),
} satisfies Record<string, z.ZodType>;

export interface TerminalResponses {
  'terminal.list': TerminalInfo[];
  'terminal.create': TerminalInfo;
  'terminal.close': { closed: boolean };
  'terminal.rename': TerminalInfo;
  'terminal.restart': TerminalInfo;
  'terminal.resize': { cols: number; rows: number };
}

export interface TerminalEvents {
  /** A project's terminals changed: created, closed, renamed, started, exited, lost their host. */
  'terminal.changed': { projectId: string; terminals: TerminalInfo[] };
}
