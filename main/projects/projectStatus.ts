import type { ProjectStatus } from '../../contract';

export interface StatusSources {
  openProjectIds(): string[];
  openTasks(projectId: string): number;
  agent(projectId: string): ProjectStatus['agent'];
  lastDreamAt(projectId: string): string | null;
}

/**
 * The sidebar's at-a-glance state of each open project, assembled from the services that own
 * each part. `changed(id)` pushes a project's status only when it differs from the last push,
 * so a busy agent or a burst of file events does not flood the windows.
 */
export class ProjectStatusBoard {
  private readonly last = new Map<string, string>();

  constructor(
    private readonly sources: StatusSources,
    private readonly push: (projectId: string, status: ProjectStatus) => void,
  ) {}

  all(): Record<string, ProjectStatus> {
    const out: Record<string, ProjectStatus> = {};
    for (const id of this.sources.openProjectIds()) out[id] = this.of(id);
    return out;
  }

  changed(projectId: string): void {
    if (!this.sources.openProjectIds().includes(projectId)) return;
    const status = this.of(projectId);
    const key = JSON.stringify(status);
    if (this.last.get(projectId) === key) return;
    this.last.set(projectId, key);
    this.push(projectId, status);
  }

  private of(projectId: string): ProjectStatus {
    const safe = <T>(f: () => T, fallback: T): T => {
      try {
        return f();
      } catch {
        return fallback;
      }
    };
    return {
      agent: safe(() => this.sources.agent(projectId), 'idle'),
      openTasks: safe(() => this.sources.openTasks(projectId), 0),
      lastDreamAt: safe(() => this.sources.lastDreamAt(projectId), null),
    };
  }
}
