import { fork } from 'node:child_process';
import type { Socket } from 'node:net';
import path from 'node:path';
import { builtMainDir } from '../../paths/builtAssets';
import type { FromPtyHost, ToPtyHost } from '../protocol';

/**
 * A running PTY host process, however it was started. The core only needs to send, receive
 * and learn when it is gone; Electron's utilityProcess and Node's fork both fit.
 */
export interface PtyHostProcess {
  readonly pid: number | undefined;
  /** `transport` travels with a `connect`: a socket (forked child) or a MessagePort (Electron). */
  send(message: ToPtyHost, transport?: unknown): void;
  onMessage(listener: (message: FromPtyHost) => void): void;
  /** Called once, when the process has ended for any reason. */
  onExit(listener: (reason: string) => void): void;
  /** Ends the process (forcibly if it does not go in time); resolves once it is gone. */
  kill(): Promise<void>;
}

export type SpawnPtyHost = () => PtyHostProcess;

/** How long the PTY host gets to end its shells and exit before it is killed outright. */
const KILL_GRACE_MS = 1_000;

/**
 * Where the build puts the PTY host entry: out/main/ptyHost.js. This module may be bundled
 * into out/main/ or into a shared chunk under out/main/chunks/, so both are looked at.
 */
export function builtPtyHostEntry(): string {
  if (process.env.ENGRAM_PTY_HOST_ENTRY) return process.env.ENGRAM_PTY_HOST_ENTRY;
  return path.join(builtMainDir(), 'ptyHost.js');
}

/** The PTY host as a forked Node child (`engram serve`, tests). */
export function forkPtyHost(entry = builtPtyHostEntry()): SpawnPtyHost {
  return () => {
    const child = fork(entry, [], {
      // Structured clone, so output bytes travel as Uint8Array, not as JSON arrays.
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    let exitListener: ((reason: string) => void) | undefined;
    let exitReason: string | undefined;
    const ended = (reason: string) => {
      if (exitReason !== undefined) return;
      exitReason = reason;
      exitListener?.(reason);
    };
    child.on('exit', (code, signal) => ended(signal ? `was killed by ${signal}` : `exited with code ${code}`));
    child.on('error', (err) => ended(`failed: ${err.message}`));
    return {
      pid: child.pid,
      send(message, transport) {
        if (child.connected) {
          if (transport) stopReading(transport as Socket);
          child.send(message, transport as Socket | undefined);
        }
        else (transport as Socket | undefined)?.destroy();
      },
      onMessage(listener) {
        child.on('message', (m) => listener(m as FromPtyHost));
      },
      onExit(listener) {
        exitListener = listener;
        if (exitReason !== undefined) listener(exitReason);
      },
      kill() {
        if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
        return new Promise<void>((resolve) => {
          // A host that is hung or stopped never acts on SIGTERM: its shells would outlive us.
          const force = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
          child.once('exit', () => {
            clearTimeout(force);
            resolve();
          });
          child.kill('SIGTERM');
        });
      },
    };
  };
}

/**
 * Stops this process reading a socket it hands to the PTY host. Node keeps the sender's copy
 * of a sent socket reading until the child acknowledges it, and throws away what it reads then
 * (child_process sets the handle's onread to a no-op): the first keys a window types the moment
 * its terminal socket opens were read here and lost whenever this process was slow to see the
 * acknowledgement. net.Server's pauseOnConnect does the same (readStop on the handle) for
 * sockets meant for another process; an upgraded HTTP socket has no public way to do it.
 */
function stopReading(socket: Socket): void {
  const handle = (socket as unknown as { _handle?: { reading?: boolean; readStop?: () => number } })._handle;
  if (!handle?.readStop) return;
  handle.reading = false;
  handle.readStop();
}

