import { ipcMain, MessageChannelMain, utilityProcess, type MessagePortMain } from 'electron';
import { IPC_TERMINAL_OPEN, IPC_TERMINAL_PORT } from '../../contract/wire';
import type { Host } from '../core/host';
import type { FromPtyHost } from '../pty/protocol';
import { builtPtyHostEntry, type SpawnPtyHost } from '../pty/core/ptyHostProcess';

/**
 * The PTY host as an Electron utility process (the desktop counterpart of forkPtyHost). When it
 * stops unexpectedly, `report` is told and the terminal service marks its terminals lost; the
 * next terminal start or restart forks a new one.
 */
export function utilityPtyHost(report: (line: string) => void = () => {}): SpawnPtyHost {
  return () => {
    const child = utilityProcess.fork(builtPtyHostEntry(), [], { serviceName: 'Engram PTY host', stdio: 'inherit' });
    let reason: string | undefined;
    let onExit: ((reason: string) => void) | undefined;
    let stopping = false;
    child.on('exit', (code) => {
      reason = `exited with code ${code}`;
      if (!stopping) report(`engram: the terminal host (utility process) stopped unexpectedly: ${reason}`);
      onExit?.(reason);
    });
    return {
      get pid() {
        return child.pid;
      },
      send: (message, transport) => child.postMessage(message, transport ? [transport as MessagePortMain] : undefined),
      onMessage: (listener) => child.on('message', (m: unknown) => listener(m as FromPtyHost)),
      onExit(listener) {
        onExit = listener;
        if (reason !== undefined) listener(reason);
      },
      kill: () =>
        new Promise<void>((resolve) => {
          stopping = true;
          if (reason !== undefined || !child.kill()) return resolve();
          child.once('exit', () => resolve());
        }),
    };
  };
}

/**
 * Gives each terminal of a window its own MessagePort, whose other end goes to the PTY host
 * (utility process): output bytes, input and acks flow between the window and the PTY host
 * without passing through this main process, so a busy main process never stalls a terminal.
 */
export function serveTerminalPorts(host: Host): void {
  ipcMain.on(IPC_TERMINAL_OPEN, (event, id: unknown) => {
    if (typeof id !== 'string' || !host.terminals.has(id)) return;
    const { port1, port2 } = new MessageChannelMain();
    // Not running: the window gets a port that closes at once, and re-attaches on restart.
    if (!host.terminals.connect(id, port1)) port1.close();
    event.sender.postMessage(IPC_TERMINAL_PORT, id, [port2]);
  });
}
