import type { ChildProcess } from 'node:child_process';

/**
 * The processes test helpers started (`engram serve`, CLI runs), until they exit. A test file
 * that ends with one still running leaks it past the suite (an `engram serve` on a random port,
 * holding a deleted data folder open): the teardown in childrenTeardown.ts ends it and fails
 * the file, naming it.
 */
const live = new Map<ChildProcess, string>();

export function trackChild(child: ChildProcess, label: string): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  live.set(child, label);
  child.once('exit', () => live.delete(child));
}

/** What is still running, as `pid label` lines. */
export function liveChildren(): string[] {
  return [...live].map(([child, label]) => `${child.pid} ${label}`);
}

/** Ends a child and waits for it to be gone: SIGTERM, then SIGKILL if it lingers. */
export function endChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Ends every child still running; returns what was. */
export async function endLeftovers(): Promise<string[]> {
  const left = liveChildren();
  await Promise.all([...live.keys()].map((child) => endChild(child)));
  return left;
}
