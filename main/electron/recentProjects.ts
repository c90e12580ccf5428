import fs from 'node:fs';
import type { App } from 'electron';

const LIMIT = 10;

export interface RecentStore {
  get(): string[];
  set(folders: string[]): void;
}

/**
 * Recently opened project folders, newest first: shown in the menu's "Open Recent" and handed
 * to the OS (`app.addRecentDocument`: the macOS dock menu and Windows jump list) as they open.
 * Folders since deleted are left out of the menu.
 */
export class RecentProjects {
  private known: Set<string> | undefined;

  constructor(
    private readonly store: RecentStore,
    private readonly app: Pick<App, 'addRecentDocument' | 'clearRecentDocuments'>,
  ) {}

  list(): string[] {
    return this.store.get().filter((folder) => fs.existsSync(folder));
  }

  /**
   * The open projects now (from each `workbench.changed`): the ones that were not open before
   * go to the front of the list and to the OS. Returns whether the list changed.
   */
  sawOpen(folders: readonly string[]): boolean {
    const before = this.known;
    this.known = new Set(folders);
    // The first state is what was open at start-up: restoring a session is not opening.
    const opened = before ? folders.filter((f) => !before.has(f)) : [];
    for (const folder of opened) this.remember(folder);
    return opened.length > 0;
  }

  remember(folder: string): void {
    this.app.addRecentDocument(folder);
    this.store.set([folder, ...this.store.get().filter((f) => f !== folder)].slice(0, LIMIT));
  }

  clear(): void {
    this.store.set([]);
    this.app.clearRecentDocuments();
  }
}
