/** IPC channel names shared by the preload and the Electron main process (no dependencies). */
export const IPC_CALL = 'engram:call';
export const IPC_EVENT = 'engram:event';
