import { scanSecrets } from '../../secrets/secretScanner';
import type { DreamLog, WorkEntry } from './workEntry';

/**
 * Secrets already in MEMORY.md (written before Engram scanned, or by hand) are replaced by
 * `[redacted: <kind>]`, superseded entries included: the file is shared through git. Runs
 * first, so later passes compare and merge the redacted text, and again after the model's
 * advice, so text a model wrote (compressed or promoted entries) is scanned too.
 */
export function redactSecrets(entries: WorkEntry[], log: DreamLog): void {
  for (const e of entries) {
    const { text, findings } = scanSecrets(e.text);
    if (!findings.length) continue;
    e.text = text;
    e.changed = true;
    log.redacted.push({ id: e.id, kinds: findings.map((f) => f.kind) });
  }
  for (const p of log.promoted) {
    const { text, findings } = scanSecrets(p.text);
    if (!findings.length) continue;
    p.text = text;
    log.redacted.push({ id: p.id, kinds: findings.map((f) => f.kind) });
  }
}
