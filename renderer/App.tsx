import { useWorkbench, selectActiveProject } from './state/workbenchStore';
import { Sidebar } from './views/sidebar/Sidebar';
import { ProjectView } from './views/project/ProjectView';
import { Welcome } from './views/welcome/Welcome';
import { ConnectionBanner } from './views/common/ConnectionBanner';

export function App() {
  const loaded = useWorkbench((s) => s.loaded);
  const active = useWorkbench(selectActiveProject);
  const layout = useWorkbench((s) => s.layout);

  return (
    <div className="app" style={{ gridTemplateColumns: `${layout.sidebarWidth}px 1fr` }}>
      <Sidebar />
      <main className="main" aria-busy={!loaded}>
        <ConnectionBanner />
        {!loaded ? null : active ? <ProjectView key={active.id} project={active} /> : <Welcome />}
      </main>
    </div>
  );
}
