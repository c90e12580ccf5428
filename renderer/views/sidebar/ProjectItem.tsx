import type { Project, ProjectStatus } from '../../../contract';

interface Props {
  project: Project;
  index: number;
  active: boolean;
  status?: ProjectStatus;
  onActivate(): void;
  onClose(): void;
}

export function ProjectItem({ project, index, active, status, onActivate, onClose }: Props) {
  return (
    <li className={`project-item${active ? ' active' : ''}`}>
      <button
        type="button"
        className="project-button"
        aria-current={active ? 'page' : undefined}
        title={project.path}
        onClick={onActivate}
      >
        <span className="project-initial" aria-hidden="true">
          {project.name.slice(0, 1).toUpperCase()}
        </span>
        <span className="project-text">
          <span className="project-name">{project.name}</span>
          <span className="project-path">{shortPath(project.path)}</span>
          {status ? <StatusLine status={status} /> : null}
        </span>
        {index < 9 ? (
          <kbd className="project-shortcut" aria-hidden="true">
            {index + 1}
          </kbd>
        ) : null}
      </button>
      <button type="button" className="icon-button project-close" aria-label={`Close ${project.name}`} title="Close project" onClick={onClose}>
        ×
      </button>
    </li>
  );
}

const AGENT_WORDS = { idle: 'idle', running: 'agent running', waiting: 'waiting for permission' } as const;

/**
 * Agent state and open tasks on one quiet line, days since the last dream on the next: at the
 * sidebar's usual width all three read in full (on one line the dream was always cut off).
 */
function StatusLine({ status }: { status: ProjectStatus }) {
  const days = status.lastDreamAt ? Math.floor((Date.now() - Date.parse(status.lastDreamAt)) / 86_400_000) : null;
  const work = `${AGENT_WORDS[status.agent]} · ${status.openTasks} open task${status.openTasks === 1 ? '' : 's'}`;
  const dream = days === null ? 'never dreamt' : days === 0 ? 'dreamt today' : `dreamt ${days}d ago`;
  return (
    <span className="project-status" title={`${work} · ${dream}`}>
      <span className="project-status-line">
        <span className={`agent-dot agent-${status.agent}`} aria-hidden="true" />
        <span className="project-status-text">{work}</span>
      </span>
      {/* Keeps the text one phrase for screen readers and copy. */}
      <span className="visually-hidden"> · </span>
      <span className="project-dream">{dream}</span>
    </span>
  );
}

/** The parent folders, with the home folder shortened, so similar names can be told apart. */
function shortPath(p: string): string {
  const parent = p.replace(/[\\/][^\\/]+$/, '');
  return parent.replace(/^\/(home|Users)\/[^/]+/, '~') || '/';
}
