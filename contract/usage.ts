/** What the model cost: tokens and dollars per project and per day, from each request's usage. */
import { z } from 'zod';
import { projectId } from './shapes';

export interface UsageTotals {
  requests: number;
  /** Every prompt token, cached ones included, as the providers reported them. */
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** Dollars, from the bundled catalog's prices (or `pricing` in config.json). */
  cost: number;
  /** Requests to models without a known price: not in `cost`. */
  unpricedRequests: number;
}

/**
 * Dollars as a person reads them, the same in the window and the CLI. When none of the requests
 * counted had a known price, the cost is "unknown": $0.0000 would claim they were free.
 */
export function costLabel(t: Pick<UsageTotals, 'cost' | 'requests' | 'unpricedRequests'>): string {
  if (t.requests > 0 && t.unpricedRequests >= t.requests) return 'unknown';
  return `$${t.cost < 1 ? t.cost.toFixed(4) : t.cost.toFixed(2)}`;
}

export interface UsageRow extends UsageTotals {
  /** YYYY-MM-DD in the host's time zone. */
  day: string;
  projectPath: string;
  provider: string | null;
  model: string | null;
}

export interface UsageReport {
  /** The first day counted. */
  since: string;
  rows: UsageRow[];
  /** Per day over every project (or the one asked for), oldest first, with empty days filled in. */
  days: Array<{ day: string; cost: number; inputTokens: number; outputTokens: number }>;
  projects: Array<UsageTotals & { projectPath: string }>;
  models: Array<UsageTotals & { provider: string | null; model: string | null }>;
  totals: UsageTotals;
}

export const usageSchemas = {
  'usage.report': z
    .object({
      /** One project only; every project when absent. */
      projectId: projectId.optional(),
      sinceDays: z.number().int().min(1, 'At least one day.').max(3650).optional(),
    })
    .strict(),
} satisfies Record<string, z.ZodType>;

export interface UsageResponses {
  'usage.report': UsageReport;
}

export interface UsageEvents {
  /**
   * Model requests were recorded: by an agent run of this host, or by another process sharing
   * its database (an `engram run` beside the window). Usage views refetch their report.
   */
  'usage.changed': Record<string, never>;
}
