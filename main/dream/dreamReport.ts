import path from 'node:path';
import type { DreamLog } from './passes/workEntry';
import type { DreamRecord } from './dreamTypes';
import { createTwoFilesPatch } from 'diff';
import { decodeUtf8 } from '../memory/markdown/byteString';
import { engramLayout } from '../../contract/engramLayout';

const clip = (s: string, n = 120) => (s.length > n ? s.slice(0, n - 1) + '…' : s).replace(/\n/g, ' ');

/** `.engram/dreams/<id>.md`: what one dream did, for a person to read. */
export function renderDreamReport(record: DreamRecord, log: DreamLog): string {
  const out: string[] = [
    `# Dream ${record.id}`,
    '',
    `- at: ${record.finishedAt}`,
    `- model: ${record.llm ? 'yes' : 'no (deterministic passes only)'}`,
    `- MEMORY.md: ${record.bytesBefore} → ${record.bytesAfter} bytes`,
    `- merged ${record.merged}, paths fixed ${record.pathsFixed}, paths flagged ${record.pathsFlagged}, promoted ${record.promoted}, superseded ${record.superseded}`,
    `- undo: \`engram dream revert ${record.id}\` (the previous MEMORY.md is kept in ${path.posix.basename(engramLayout.dreamBefore(record.id))})`,
  ];
  const sections = dreamSections(log);
  out.push(...sections);
  if (!sections.length) out.push('', 'Nothing needed changing.');
  return out.join('\n') + '\n';
}

/**
 * What `dream --dry-run` would do: the report's sections and the unified diff of MEMORY.md
 * (decoded as UTF-8 for reading; the real write is byte-exact).
 */
export function renderDryRun(log: DreamLog, before: string, after: string): string {
  const sections = dreamSections(log);
  if (!sections.length && before === after) return 'Nothing would change.';
  const patch = createTwoFilesPatch(engramLayout.memoryFile, `${engramLayout.memoryFile} (after the dream)`, decodeUtf8(before), decodeUtf8(after), '', '', { context: 1 });
  const moved = log.moved.length ? ['', `(${log.moved.length} entries would move to topic files under ${engramLayout.topicDir}/.)`] : [];
  return [...sections.slice(1), ...moved, '', '## Diff of MEMORY.md', patch.split('\n').slice(1).join('\n')].join('\n');
}

/** The sections of a dream's report, each '' + heading + lines; empty ones left out. */
function dreamSections(log: DreamLog): string[] {
  const out: string[] = [];
  const section = (title: string, lines: string[]) => {
    if (lines.length) out.push('', `## ${title}`, ...lines);
  };
  section('Merged', log.merges.map((m) => `- ${m.merged.join(', ')} → ${m.survivor}: ${clip(m.text)}`));
  section('Paths fixed', log.pathsFixed.map((p) => `- ${p.id}: \`${p.from}\` → \`${p.to}\``));
  section('Paths flagged [stale path]', log.pathsFlagged.map((p) => `- ${p.id}: \`${p.path}\` exists nowhere in the repository`));
  section('Dates made absolute', log.dates.map((d) => `- ${d.id}: ${clip(d.to)}`));
  section('Moved to topic files', log.moved.map((m) => `- ${m.id} → ${m.file}`));
  section('Promoted', log.promoted.map((p) => `- ${p.id} (${p.kind}, from ${p.source}): ${clip(p.text)}`));
  section('Superseded', log.superseded.map((s) => `- ${s.id} superseded-by ${s.by}`));
  section('Compressed', log.compressed.map((c) => `- ${c.id}`));
  section('Marked [unverified]', log.unverified.map((u) => `- ${u.id}`));
  section('Secrets redacted', log.redacted.map((r) => `- ${r.id}: ${r.kinds.join(', ')} (replaced by [redacted: …])`));
  return out;
}
