import { scanSecrets } from '../../secrets/secretScanner';
import type { DreamLog, WorkEntry } from './workEntry';

/**
 * Secrets already in MEMORY.md (written before Engram scanned, or by hand) are replaced by
 * `[redacted: <kind>]`, superseded entries included: the file is shared through git. Runs
 * first, so later passes compare and merge the redacted text.
 */
export function redactSecrets(entries: WorkEntry[], log: DreamLog): void {
  for (const e of entries) {
    const { text, findings } = scanSecrets(e.text);
    if (!findings.length) continue;
    e.text = text;
    e.changed = true;
    log.redacted.push({ id: e.id, kinds: findings.map((f) => f.kind) });
  }
}
