import { useWorkbench } from '../../state/workbenchStore';
import { useApi } from '../../api/apiContext';
import { OpenProject } from './OpenProject';
import { ProjectItem } from './ProjectItem';
import { ResizeHandle } from './ResizeHandle';
import { useSettingsDialog } from '../../state/settingsDialog';
import { closeProjectAsking } from '../../actions/closeProject';

export function Sidebar() {
  const api = useApi();
  const projects = useWorkbench((s) => s.projects);
  const activeId = useWorkbench((s) => s.activeProjectId);
  const status = useWorkbench((s) => s.status);

  return (
    <aside className="sidebar">
      <header className="sidebar-header">
        <span className="brand-mark" aria-hidden="true">E</span>
        <span className="brand-name">Engram</span>
      </header>
      <nav aria-label="Projects" className="project-nav">
        {projects.length === 0 ? (
          <p className="sidebar-empty">No projects open yet.</p>
        ) : (
          <ul className="project-list">
            {projects.map((p, i) => (
              <ProjectItem
                key={p.id}
                project={p}
                index={i}
                active={p.id === activeId}
                status={status[p.id]}
                onActivate={() => void api.call('projects.activate', { id: p.id })}
                onClose={() => void closeProjectAsking(api, p)}
              />
            ))}
          </ul>
        )}
        <OpenProject />
      </nav>
      <button type="button" className="button sidebar-settings" onClick={() => useSettingsDialog.getState().show()}>
        Settings
      </button>
      <ResizeHandle />
    </aside>
  );
}
