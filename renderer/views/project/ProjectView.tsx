import { useRef, type KeyboardEvent } from 'react';
import type { Project, ViewId } from '../../../contract';
import { useApi } from '../../api/apiContext';
import { VIEWS } from './viewRegistry';

/** One project's header and its view tabs (WAI-ARIA tabs: arrows, Home and End move). */
export function ProjectView({ project, hidden = false }: { project: Project; hidden?: boolean }) {
  const api = useApi();
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const current = VIEWS.find((v) => v.id === project.view) ?? VIEWS[0];
  const select = (view: ViewId) => void api.call('projects.setView', { id: project.id, view });

  const onKeyDown = (e: KeyboardEvent, index: number) => {
    const last = VIEWS.length - 1;
    const next =
      e.key === 'ArrowRight' ? (index === last ? 0 : index + 1)
      : e.key === 'ArrowLeft' ? (index === 0 ? last : index - 1)
      : e.key === 'Home' ? 0
      : e.key === 'End' ? last
      : -1;
    if (next < 0) return;
    e.preventDefault();
    tabs.current[next]?.focus();
    select(VIEWS[next].id);
  };

  const View = current.component;
  return (
    <section className="project" aria-label={project.name} hidden={hidden}>
      <header className="project-header">
        <div className="project-title">
          <h1>{project.name}</h1>
          <code className="project-location" title={project.path}>
            {project.path}
          </code>
        </div>
        <div role="tablist" aria-label="Project views" className="tabs">
          {VIEWS.map((v, i) => (
            <button
              key={v.id}
              ref={(el) => {
                tabs.current[i] = el;
              }}
              type="button"
              role="tab"
              id={`tab-${project.id}-${v.id}`}
              aria-selected={v.id === current.id}
              aria-controls={`panel-${project.id}-${v.id}`}
              tabIndex={v.id === current.id ? 0 : -1}
              className="tab"
              onClick={() => select(v.id)}
              onKeyDown={(e) => onKeyDown(e, i)}
            >
              {v.label}
            </button>
          ))}
        </div>
      </header>
      <div role="tabpanel" id={`panel-${project.id}-${current.id}`} aria-labelledby={`tab-${project.id}-${current.id}`} className="panel">
        <View project={project} />
      </div>
    </section>
  );
}
