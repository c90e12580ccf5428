/** IPC channel names shared by the preload and the Electron main process (no dependencies). */
export const IPC_CALL = 'engram:call';
export const IPC_EVENT = 'engram:event';
/** Renderer → main: open a terminal's byte channel; main answers with a MessagePort. */
export const IPC_TERMINAL_OPEN = 'engram:terminal-open';
export const IPC_TERMINAL_PORT = 'engram:terminal-port';
