import type { EngramApi, TerminalInfo } from '../../../contract';
import { syncSessions } from './terminalRegistry';
import { useTerminals } from './terminalStore';

/** The host's terminal lists reach the xterm registry and the store (kept apart: the store is plain state). */
let subscribedTo: EngramApi | undefined;

/** Follows `terminal.changed` once per API (the first terminal view to mount subscribes). */
export function followTerminalEvents(api: EngramApi): void {
  if (subscribedTo === api) return;
  subscribedTo = api;
  api.on('terminal.changed', ({ projectId, terminals }) => apply(projectId, terminals));
}

export async function loadTerminals(api: EngramApi, projectId: string): Promise<void> {
  apply(projectId, await api.call('terminal.list', { projectId }));
}

function apply(projectId: string, terminals: TerminalInfo[]): void {
  syncSessions(projectId, terminals);
  useTerminals.getState().setTerminals(projectId, terminals);
}
