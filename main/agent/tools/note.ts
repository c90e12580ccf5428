import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { replaceGuarded } from '../../fs/guardedReplace';
import { defineTool } from './toolTypes';
import { describeRedactions, scanSecrets } from '../../secrets/secretScanner';
import { engramLayout } from '../../../contract/engramLayout';

export function notesPath(root: string, sessionId: string): string {
  return path.join(root, engramLayout.notesFile(sessionId));
}

export const noteTool = defineTool({
  name: 'note',
  description: `Append a line to this session's scratchpad (${engramLayout.notesFile('<id>')}).`,
  schema: z.object({ text: z.string().min(1).max(10_000) }),
  readOnly: false,
  subject: () => null,
  async run(input, ctx) {
    const file = notesPath(ctx.memoryRoot, ctx.sessionId);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const { text, findings } = scanSecrets(input.text.trim());
    const line = `- ${new Date().toISOString()} ${text}\n`;
    // An append re-planned on whatever a person saved meanwhile (see replaceGuarded).
    replaceGuarded(file, (current) => {
      const before = current === null ? `# Notes of ${ctx.sessionId}\n\n` : current.toString('utf8');
      const sep = before.endsWith('\n') || !before ? '' : '\n';
      return `${before}${sep}${line}`;
    });
    return { output: findings.length ? `Noted, after a secret scan: ${describeRedactions(findings)}.` : 'Noted.' };
  },
});
