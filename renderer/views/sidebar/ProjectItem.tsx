import type { Project } from '../../../preload/api';

interface Props {
  project: Project;
  index: number;
  active: boolean;
  onActivate(): void;
  onClose(): void;
}

export function ProjectItem({ project, index, active, onActivate, onClose }: Props) {
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

/** The parent folders, with the home folder shortened, so similar names can be told apart. */
function shortPath(p: string): string {
  const parent = p.replace(/[\\/][^\\/]+$/, '');
  return parent.replace(/^\/(home|Users)\/[^/]+/, '~') || '/';
}
