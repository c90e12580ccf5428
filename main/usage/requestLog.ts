import type { Database } from '../db/database';
import { localDay } from '../agent/sessions/sessionStore';
import { requestCost, type Pricing } from '../settings/catalog/cost';

/**
 * A model request made outside an agent session (a dream's or distill's), kept beside the
 * sessions' own in agent_requests so the usage of a project counts everything its model cost.
 */
export function recordRequest(
  db: Database,
  r: { projectPath: string; provider: string | null; model: string | null; pricing: Pricing | null; usage: { input: number; output: number; cacheRead: number; cacheWrite: number } },
): void {
  const now = new Date();
  db.prepare(
    `INSERT INTO agent_requests (session_id, project_path, provider, model, at, day, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost)
     VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(r.projectPath, r.provider, r.model, now.toISOString(), localDay(now), r.usage.input, r.usage.output, r.usage.cacheRead, r.usage.cacheWrite, requestCost(r.pricing, r.usage));
}
