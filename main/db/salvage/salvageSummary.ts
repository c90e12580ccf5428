import type { SalvageKind } from './keptTables';
import type { SalvageReport, TableSalvage } from './salvageDatabase';

/** The table counted for each kind a person is told about, and what its rows are called. */
const COUNTED: Array<{ kind: SalvageKind; table: string; one: string; many: string }> = [
  { kind: 'sessions', table: 'agent_sessions', one: 'agent session', many: 'agent sessions' },
  { kind: 'messages', table: 'agent_messages', one: 'message', many: 'messages' },
  { kind: 'timeline', table: 'memory_events', one: 'timeline event', many: 'timeline events' },
  { kind: 'usage', table: 'agent_requests', one: 'usage record', many: 'usage records' },
  { kind: 'dreams', table: 'dream_runs', one: 'dream run', many: 'dream runs' },
  { kind: 'projects', table: 'projects', one: 'project', many: 'projects' },
];

export interface KindSalvage {
  kind: SalvageKind;
  kept: number;
  /** Null when the damaged file can no longer count them. */
  total: number | null;
  /** Rows of this kind (in any of its tables) that could not be read or were refused. */
  lost: boolean;
}

/** What was kept of each kind a person knows (sessions, timeline events, usage…). */
export function salvageByKind(report: SalvageReport): KindSalvage[] {
  return COUNTED.flatMap(({ kind, table }) => {
    const t = report.tables.find((x) => x.table === table);
    if (!t) return [];
    const total = t.total === null ? null : Math.max(t.total, t.kept);
    const lost = report.tables.filter((x) => x.kind === kind).some(lostRows);
    return [{ kind, kept: t.kept, total, lost }];
  });
}

function lostRows(t: TableSalvage): boolean {
  return Boolean(t.error) || t.damaged || t.refused > 0 || (t.total !== null && t.total > t.kept);
}

const n = (x: number) => x.toLocaleString('en-US');

/**
 * One or two sentences on what came back from the moved file, for the log line and the
 * notice: "Kept from it: 41 of 43 agent sessions (1,204 messages), 12,300 timeline events…".
 */
export function salvageSentence(report: SalvageReport): string {
  if (report.error) {
    return `Nothing could be read back from it (${report.error}): agent sessions, timeline history and usage from before stay in the moved file.`;
  }
  const kinds = salvageByKind(report);
  const label = (kind: SalvageKind, count: number) => {
    const c = COUNTED.find((x) => x.kind === kind)!;
    return count === 1 ? c.one : c.many;
  };
  const shown = kinds.filter((k) => k.kept > 0 || (k.total ?? 0) > 0 || k.lost);
  if (!shown.length) return 'It held no agent sessions, timeline history or usage to keep.';
  const phrase = (k: KindSalvage) => {
    if (k.total !== null && k.total > k.kept) return `${n(k.kept)} of ${n(k.total)} ${label(k.kind, k.total)}`;
    return `${n(k.kept)} ${label(k.kind, k.kept)}${k.lost ? ' (some could not be read)' : ''}`;
  };
  const messages = shown.find((k) => k.kind === 'messages');
  const parts = shown
    .filter((k) => k.kind !== 'messages')
    .map((k) => (k.kind === 'sessions' && messages ? `${phrase(k)} (${phrase(messages)})` : phrase(k)));
  if (!parts.length && messages) parts.push(phrase(messages));
  const lost = shown.some((k) => k.lost) || report.tables.some(lostRows);
  return `Kept from it: ${parts.join(', ')}.${lost ? ' What could not be read stays in the moved file.' : ''}`;
}
