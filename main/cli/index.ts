import { runCli } from './main';

/** Entry of `bin/engram.js`: wires the CLI to the real process. */
export async function main(argv: string[]): Promise<void> {
  const stopSignal = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  const code = await runCli(argv, {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    stopSignal,
  });
  process.exitCode = code;
  // Let stdout drain, then leave even if a library keeps a handle open.
  process.stdout.write('', () => process.exit(code));
}
