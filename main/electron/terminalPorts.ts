import { ipcMain, MessageChannelMain, utilityProcess } from 'electron';
import { IPC_TERMINAL_OPEN, IPC_TERMINAL_PORT } from '../../preload/ipcChannels';
import type { Host } from '../host/host';
import type { FromPtyHost } from '../pty/protocol';
import { builtPtyHostEntry, type SpawnPtyHost } from '../pty/ptyHostProcess';

/** The PTY host as an Electron utility process (the desktop counterpart of forkPtyHost). */
export function utilityPtyHost(): SpawnPtyHost {
  return () => {
    const child = utilityProcess.fork(builtPtyHostEntry(), [], { serviceName: 'Engram PTY host', stdio: 'inherit' });
    let reason: string | undefined;
    let onExit: ((reason: string) => void) | undefined;
    child.on('exit', (code) => {
      reason = `exited with code ${code}`;
      onExit?.(reason);
    });
    return {
      get pid() {
        return child.pid;
      },
      send: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', (m: unknown) => listener(m as FromPtyHost)),
      onExit(listener) {
        onExit = listener;
        if (reason !== undefined) listener(reason);
      },
      kill: () => void child.kill(),
    };
  };
}

/**
 * Gives each terminal of a window its own MessagePort: output bytes go out as Uint8Array,
 * input and acks come back. The port closes with the terminal or the window.
 */
export function serveTerminalPorts(host: Host): void {
  ipcMain.on(IPC_TERMINAL_OPEN, (event, id: unknown) => {
    if (typeof id !== 'string' || !host.terminals.has(id)) return;
    const { port1, port2 } = new MessageChannelMain();
    const attachment = host.terminals.attach(id, {
      data: (bytes) => port1.postMessage(bytes),
      close: () => port1.close(),
    });
    port1.on('message', ({ data }) => {
      // Untrusted: checked field by field (the shape is TerminalPortMessage).
      const message = data as { input?: unknown; ack?: unknown } | null;
      if (typeof message?.input === 'string') attachment.input(message.input);
      else if (typeof message?.ack === 'number') attachment.ack(message.ack);
    });
    port1.on('close', () => attachment.detach());
    port1.start();
    event.sender.postMessage(IPC_TERMINAL_PORT, id, [port2]);
  });
}
