import type { Command } from './command';

export function usageText(commands: Command[]): string {
  const WIDTH = 40;
  const lines = commands.map((c) => {
    const left = [...c.words, c.synopsis].filter(Boolean).join(' ');
    // A long synopsis gets its own line, so the summaries stay in one column.
    return left.length < WIDTH ? `  ${left.padEnd(WIDTH)} ${c.summary}` : `  ${left}\n  ${''.padEnd(WIDTH)} ${c.summary}`;
  });
  return [
    'Usage: engram [--project DIR] [--data-dir DIR] [--json] <command>',
    '',
    'Commands:',
    ...lines,
    '',
    'Options:',
    '  --project DIR     the repository to work on (default: the current directory)',
    '  --data-dir DIR    where engram.db lives (default: ENGRAM_DATA_DIR, else ~/.config/engram)',
    '  --json            machine-readable output on stdout; messages go to stderr',
    '  -h, --help        this help',
    '  -v, --version     the version',
  ].join('\n');
}

export function commandUsage(c: Command): string {
  return `Usage: engram [--project DIR] [--data-dir DIR] [--json] ${[...c.words, c.synopsis].filter(Boolean).join(' ')}\n  ${c.summary}`;
}
