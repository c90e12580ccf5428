import type { Layout, Project, ViewId, WorkbenchState } from '../../contract';
import { DEFAULT_LAYOUT } from '../../contract';
import type { Database } from '../db/database';
import { KeyValueStore } from '../db/keyValueStore';
import { NotFoundError } from '../errors/domainErrors';
import { ProjectStore } from './projectStore';
import { checkProjectFolder } from './folderCheck';

const ACTIVE_KEY = 'workbench.activeProjectId';
const LAYOUT_KEY = 'workbench.layout';

/**
 * What the window shows: which projects are open, which one is active, and the layout.
 * Every change calls `onChange` with the new state so that all windows follow.
 */
export class Workbench {
  private readonly projects: ProjectStore;
  private readonly settings: KeyValueStore;
  private readonly closeListeners = new Set<(projectId: string) => void>();

  constructor(
    db: Database,
    private readonly onChange: (state: WorkbenchState) => void,
  ) {
    this.projects = new ProjectStore(db);
    this.settings = new KeyValueStore(db);
  }

  state(): WorkbenchState {
    const projects = this.projects.listOpen();
    let active = this.settings.get<string | null>(ACTIVE_KEY, null);
    if (active && !projects.some((p) => p.id === active)) active = projects[0]?.id ?? null;
    return { projects, activeProjectId: active, layout: this.layout() };
  }

  /** An open project, or undefined. */
  project(id: string): Project | undefined {
    return this.projects.get(id);
  }

  /** Opens (or re-activates) a folder and makes it the active project. */
  open(folderInput: string, cwd?: string): Project {
    const folder = checkProjectFolder(folderInput, cwd);
    const project = this.projects.open(folder);
    this.settings.set(ACTIVE_KEY, project.id);
    this.changed();
    return project;
  }

  close(id: string): boolean {
    const before = this.state();
    const closed = this.projects.close(id);
    if (!closed) throw new NotFoundError(`No open project with id ${id}.`);
    for (const listener of this.closeListeners) listener(id);
    if (before.activeProjectId === id) {
      // Activate the neighbour, as closing an editor tab does.
      const index = before.projects.findIndex((p) => p.id === id);
      const rest = before.projects.filter((p) => p.id !== id);
      this.settings.set(ACTIVE_KEY, rest[Math.min(index, rest.length - 1)]?.id ?? null);
    }
    this.changed();
    return closed;
  }

  /** Called after a project is closed (its terminals end with it). */
  onProjectClosed(listener: (projectId: string) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  activate(id: string | null): string | null {
    if (id !== null && !this.projects.get(id)) throw new NotFoundError(`No open project with id ${id}.`);
    this.settings.set(ACTIVE_KEY, id);
    this.changed();
    return id;
  }

  setView(id: string, view: ViewId): Project {
    const project = this.projects.setView(id, view);
    if (!project) throw new NotFoundError(`No open project with id ${id}.`);
    this.changed();
    return project;
  }

  layout(): Layout {
    return { ...DEFAULT_LAYOUT, ...this.settings.get<Partial<Layout>>(LAYOUT_KEY, {}) };
  }

  setLayout(patch: Partial<Layout>): Layout {
    const next = { ...this.layout(), ...patch };
    this.settings.set(LAYOUT_KEY, next);
    this.changed();
    return next;
  }

  /** Free-form per-shell state (e.g. the desktop window's bounds). */
  getSetting<T>(key: string, fallback: T): T {
    return this.settings.get(key, fallback);
  }

  setSetting(key: string, value: unknown): void {
    this.settings.set(key, value);
  }

  /**
   * Brings back what the window showed (projects with their ids, the active one, the layout)
   * into a database that was rebuilt after damage.
   */
  restore(state: WorkbenchState): void {
    this.projects.restore(state.projects);
    this.settings.set(ACTIVE_KEY, state.activeProjectId);
    this.settings.set(LAYOUT_KEY, state.layout);
    this.changed();
  }

  private changed(): void {
    this.onChange(this.state());
  }
}
