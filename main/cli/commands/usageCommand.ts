import type { Command } from '../command';
import { UsageError } from '../cliErrors';
import { openDatabase } from '../../db/database';
import { checkProjectFolder } from '../../projects/folderCheck';
import { DEFAULT_USAGE_DAYS, usageReport } from '../../usage/usageReport';

const dollars = (n: number) => `$${n < 1 ? n.toFixed(4) : n.toFixed(2)}`;
const tokens = (n: number) => n.toLocaleString('en-US');

export const usageCommand: Command = {
  words: ['usage'],
  synopsis: '[--since DAYS]',
  summary: `tokens and cost of the agent's model requests per provider, model, project and day (last ${DEFAULT_USAGE_DAYS} days by default; every project, or only the one --project names)`,
  options: { since: { type: 'string' } },
  run(ctx, values) {
    const since = values.since === undefined ? DEFAULT_USAGE_DAYS : Number(values.since);
    if (!Number.isInteger(since) || since < 1 || since > 3650) throw new UsageError(`--since must be a whole number of days from 1 to 3650, not "${values.since}"`);
    // Like the other commands, --project names the project; without it, every project counts.
    const projectPath = ctx.projectGiven ? checkProjectFolder(ctx.projectDir) : undefined;
    const db = openDatabase(ctx.dataDir);
    try {
      const report = usageReport(db, { sinceDays: since, projectPath });
      const lines = report.rows.map(
        (r) =>
          `${r.day}  ${dollars(r.cost).padStart(9)}  ${tokens(r.inputTokens).padStart(11)} in  ${tokens(r.outputTokens).padStart(9)} out  ${tokens(r.cacheReadTokens).padStart(11)} cached  ${r.provider ?? '?'}/${r.model ?? '?'}  ${r.projectPath}`,
      );
      const t = report.totals;
      const unpriced = t.unpricedRequests ? ` (${t.unpricedRequests} request${t.unpricedRequests === 1 ? '' : 's'} to models without a known price not counted)` : '';
      const human = report.rows.length
        ? [...lines, `Total since ${report.since}: ${dollars(t.cost)}, ${tokens(t.requests)} requests, ${tokens(t.inputTokens)} in / ${tokens(t.outputTokens)} out tokens${unpriced}.`].join('\n')
        : `No model requests${projectPath ? ` in ${projectPath}` : ''} since ${report.since}.`;
      // The totals at the top (SPEC §7: `{"inputTokens","outputTokens","cost",…}`), the breakdowns after.
      ctx.result({ ...report.totals, ...report }, human);
    } finally {
      db.close();
    }
  },
};
