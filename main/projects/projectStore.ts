import crypto from 'node:crypto';
import path from 'node:path';
import type { Database } from '../db/database';
import { writeTransaction } from '../db/writeTransaction';
import type { Project, ViewId } from '../../contract';

interface ProjectRow {
  id: string;
  path: string;
  name: string;
  opened_at: string;
  view: string;
}

const toProject = (r: ProjectRow): Project => ({
  id: r.id,
  path: r.path,
  name: r.name,
  openedAt: r.opened_at,
  view: r.view as ViewId,
});

/** The projects open in the workbench, in sidebar order. Remembered across restarts. */
export class ProjectStore {
  constructor(private readonly db: Database) {}

  listOpen(): Project[] {
    return this.db
      .prepare<[], ProjectRow>('SELECT * FROM projects WHERE closed_at IS NULL ORDER BY position, opened_at')
      .all()
      .map(toProject);
  }

  get(id: string): Project | undefined {
    const row = this.db.prepare<[string], ProjectRow>('SELECT * FROM projects WHERE id = ? AND closed_at IS NULL').get(id);
    return row && toProject(row);
  }

  /** Opens a folder (already checked); reopening a known folder keeps its id and view. */
  open(folder: string): Project {
    // Reads the row, then writes: immediate, so two processes opening one folder at once wait
    // for each other and find one project instead of failing (see writeTransaction).
    return writeTransaction(this.db, () => {
      const existing = this.db.prepare<[string], ProjectRow & { closed_at: string | null }>(
        'SELECT * FROM projects WHERE path = ?',
      ).get(folder);
      const position = this.nextPosition();
      if (existing) {
        if (existing.closed_at !== null) {
          this.db.prepare('UPDATE projects SET closed_at = NULL, position = ? WHERE id = ?').run(position, existing.id);
        }
        return toProject(existing);
      }
      const row: ProjectRow = {
        id: 'prj_' + crypto.randomBytes(6).toString('hex'),
        path: folder,
        name: path.basename(folder) || folder,
        opened_at: new Date().toISOString(),
        view: 'agent',
      };
      this.db
        .prepare('INSERT INTO projects (id, path, name, opened_at, position, view) VALUES (?, ?, ?, ?, ?, ?)')
        .run(row.id, row.path, row.name, row.opened_at, position, row.view);
      return toProject(row);
    });
  }

  close(id: string): boolean {
    const info = this.db
      .prepare('UPDATE projects SET closed_at = ? WHERE id = ? AND closed_at IS NULL')
      .run(new Date().toISOString(), id);
    return info.changes > 0;
  }

  setView(id: string, view: ViewId): Project | undefined {
    this.db.prepare('UPDATE projects SET view = ? WHERE id = ? AND closed_at IS NULL').run(view, id);
    return this.get(id);
  }

  /**
   * Puts back projects the window had open, with their ids and views, into a database rebuilt
   * after damage, so the window's references stay valid. Known folders are left as they are.
   */
  restore(projects: Project[]): void {
    writeTransaction(this.db, () => {
      for (const p of projects) {
        this.db
          .prepare('INSERT OR IGNORE INTO projects (id, path, name, opened_at, position, view) VALUES (?, ?, ?, ?, ?, ?)')
          .run(p.id, p.path, p.name, p.openedAt, this.nextPosition(), p.view);
      }
    });
  }

  private nextPosition(): number {
    const row = this.db.prepare<[], { p: number | null }>('SELECT MAX(position) AS p FROM projects').get();
    return (row?.p ?? -1) + 1;
  }
}
