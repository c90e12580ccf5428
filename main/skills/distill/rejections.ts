import type { Database } from '../../db/database';
import { KeyValueStore } from '../../db/keyValueStore';

/** The most rejections remembered per project; the oldest are forgotten first. */
const MAX_REMEMBERED = 500;

/** Patterns a person rejected: not proposed again (kept in the settings table, per project). */
export class DistillRejections {
  private readonly settings: KeyValueStore;

  constructor(db: Database, private readonly projectRoot: string) {
    this.settings = new KeyValueStore(db);
  }

  keys(): Set<string> {
    return new Set(this.settings.get<string[]>(this.storageKey(), []));
  }

  reject(key: string): void {
    const list = this.settings.get<string[]>(this.storageKey(), []).filter((k) => k !== key);
    list.push(key);
    this.settings.set(this.storageKey(), list.slice(-MAX_REMEMBERED));
  }

  private storageKey(): string {
    return `distill.rejected:${this.projectRoot}`;
  }
}
