import { defaultSecrets } from '../../settings/secrets/defaultSecrets';
import fs from 'node:fs';
import { listArtifacts } from '../../skills/artifactCatalog';
import { openDatabase } from '../../db/database';
import { ArtifactRefusedError, writeArtifact } from '../../skills/distill/artifactWriter';
import { distillModelFromSettings } from '../../skills/distill/distillModel';
import type { DistillCandidate, WrittenArtifact } from '../../../contract/skills';
import { proposeDistill } from '../../skills/distill/proposeDistill';
import { checkProjectFolder } from '../../projects/folderCheck';
import { UsageError } from '../cliErrors';
import type { Command } from '../command';
import { commandUsage } from '../usage';
import { ARTIFACT_DIRS } from '../../../contract/engramLayout';

export const distillCommand: Command = {
  words: ['distill'],
  synopsis: '[--since DAYS] [--dry-run] [--yes] [--no-llm]',
  summary: 'propose skills, subagents and commands from recurring work (--yes writes them)',
  options: { since: { type: 'string' }, 'dry-run': { type: 'boolean' }, yes: { type: 'boolean' }, 'no-llm': { type: 'boolean' } },
  async run(ctx, values) {
    const sinceDays = values.since === undefined ? undefined : Number(values.since);
    if (sinceDays !== undefined && !(Number.isInteger(sinceDays) && sinceDays > 0 && sinceDays <= 3650)) {
      throw new UsageError('--since must be a whole number of days (1–3650)', commandUsage(distillCommand));
    }
    const root = fs.realpathSync(checkProjectFolder(ctx.projectDir));
    const db = openDatabase(ctx.dataDir, { log: (line) => process.stderr.write(line + '\n'), check: true });
    try {
      const model = values['no-llm'] ? null : distillModelFromSettings(ctx.dataDir, root, process.env, defaultSecrets(ctx.dataDir), db);
      const proposal = await proposeDistill({ db, projectRoot: root, sinceDays, model, log: (line) => process.stderr.write(`engram: ${line}\n`) });
      for (const d of proposal.dropped) process.stderr.write(`engram: dropped the draft of ${d.type} ${d.name}: ${d.errors.join('; ')}\n`);
      const write = Boolean(values.yes) && !values['dry-run'];
      const artifacts: WrittenArtifact[] = [];
      const refused: Array<{ type: string; name: string; reason: string }> = [];
      if (write) {
        for (const c of proposal.candidates) {
          try {
            artifacts.push(writeArtifact(root, c.type, c.name, c.preview));
          } catch (err) {
            if (!(err instanceof ArtifactRefusedError)) throw err;
            refused.push({ type: c.type, name: c.name, reason: err.message });
            process.stderr.write(`engram: ${err.message}\n`);
          }
        }
      }
      ctx.result(
        { candidates: proposal.candidates, artifacts, dropped: proposal.dropped, refused, sessionsReviewed: proposal.sessionsReviewed, sinceDays: proposal.sinceDays },
        human(proposal.candidates, artifacts, proposal.sessionsReviewed, proposal.sinceDays, write),
      );
    } finally {
      db.close();
    }
  },
};

export const distillListCommand: Command = {
  words: ['distill', 'list'],
  synopsis: '',
  summary: `the project's skills, subagents and commands (${ARTIFACT_DIRS.join(', ')})`,
  run(ctx) {
    const root = fs.realpathSync(checkProjectFolder(ctx.projectDir));
    const list = listArtifacts(root).map(({ body: _body, ...info }) => info);
    ctx.result(list, list.length ? list.map((a) => `${a.type.padEnd(8)} ${a.name.padEnd(30)} ${a.path}${a.active ? '' : ' (shadowed)'}`).join('\n') : 'No skills, subagents or commands.');
  },
};

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function human(candidates: DistillCandidate[], written: WrittenArtifact[], sessions: number, days: number, wrote: boolean): string {
  if (!candidates.length) return `Nothing worth distilling in ${count(sessions, 'session')} of the last ${count(days, 'day')}.`;
  const lines = candidates.map(
    (c) => `${c.type} ${c.name} (seen in ${count(c.evidence.sessions.length, 'session')}, score ${c.score})\n  ${c.evidence.steps.join(' → ') || c.evidence.prompt}`,
  );
  const tail = wrote ? written.map((w) => `wrote ${w.path}`) : ['Nothing written: run with --yes to write these.'];
  return [...lines, '', ...tail].join('\n');
}
