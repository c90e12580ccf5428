import type { UsageReport, UsageRow, UsageTotals } from '../../contract/usage';
import type { Database } from '../db/database';
import { localDay } from '../agent/sessions/sessionStore';

export const DEFAULT_USAGE_DAYS = 30;

interface Row {
  day: string;
  project_path: string;
  provider: string | null;
  model: string | null;
  requests: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  cost: number;
  unpriced: number;
}

const empty = (): UsageTotals => ({ requests: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, cost: 0, unpricedRequests: 0 });

function add(into: UsageTotals, r: UsageTotals): void {
  into.requests += r.requests;
  into.inputTokens += r.inputTokens;
  into.outputTokens += r.outputTokens;
  into.cacheReadTokens += r.cacheReadTokens;
  into.cacheWriteTokens += r.cacheWriteTokens;
  into.cost += r.cost;
  into.unpricedRequests += r.unpricedRequests;
}

/** Tokens and dollars per day and project over the last `sinceDays` days (today included). */
export function usageReport(db: Database, options: { sinceDays?: number; projectPath?: string; now?: Date } = {}): UsageReport {
  const now = options.now ?? new Date();
  const days = options.sinceDays ?? DEFAULT_USAGE_DAYS;
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate() - (days - 1));
  const since = localDay(start);
  const raw = db
    .prepare<[string, string | null, string | null], Row>(
      `SELECT day, project_path, provider, model, COUNT(*) AS requests, SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens,
              SUM(cache_read_tokens) AS cache_read_tokens, SUM(cache_write_tokens) AS cache_write_tokens,
              COALESCE(SUM(cost), 0) AS cost, SUM(cost IS NULL) AS unpriced
       FROM agent_requests WHERE day >= ? AND (? IS NULL OR project_path = ?)
       GROUP BY day, project_path, provider, model ORDER BY day, project_path, provider, model`,
    )
    .all(since, options.projectPath ?? null, options.projectPath ?? null);
  const rows: UsageRow[] = raw.map((r) => ({
    day: r.day,
    projectPath: r.project_path,
    provider: r.provider,
    model: r.model,
    requests: r.requests,
    inputTokens: r.input_tokens,
    outputTokens: r.output_tokens,
    cacheReadTokens: r.cache_read_tokens,
    cacheWriteTokens: r.cache_write_tokens,
    cost: r.cost,
    unpricedRequests: r.unpriced,
  }));
  const totals = empty();
  const perProject = new Map<string, UsageTotals>();
  const perDay = new Map<string, UsageTotals>();
  const perModel = new Map<string, UsageTotals & { provider: string | null; model: string | null }>();
  for (const r of rows) {
    const key = `${r.provider}\u0000${r.model}`;
    if (!perModel.has(key)) perModel.set(key, { provider: r.provider, model: r.model, ...empty() });
    add(perModel.get(key)!, r);
    add(totals, r);
    if (!perProject.has(r.projectPath)) perProject.set(r.projectPath, empty());
    add(perProject.get(r.projectPath)!, r);
    if (!perDay.has(r.day)) perDay.set(r.day, empty());
    add(perDay.get(r.day)!, r);
  }
  const series: UsageReport['days'] = [];
  for (let i = 0; i < days; i++) {
    const day = localDay(new Date(start.getFullYear(), start.getMonth(), start.getDate() + i));
    const t = perDay.get(day);
    series.push({ day, cost: t?.cost ?? 0, inputTokens: t?.inputTokens ?? 0, outputTokens: t?.outputTokens ?? 0 });
  }
  return {
    since,
    rows,
    days: series,
    projects: [...perProject.entries()].map(([projectPath, t]) => ({ projectPath, ...t })).sort((a, b) => b.cost - a.cost || b.inputTokens - a.inputTokens),
    models: [...perModel.values()].sort((a, b) => b.cost - a.cost || b.inputTokens - a.inputTokens),
    totals,
  };
}
