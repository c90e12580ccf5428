import type { Command } from './command';

export function usageText(commands: Command[]): string {
  const lines = commands.map((c) => `  ${[...c.words, c.synopsis].filter(Boolean).join(' ').padEnd(46)} ${c.summary}`);
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
