import { useCallback, useState } from 'react';
import { useWorkbench, selectActiveProject } from './state/workbenchStore';
import { Sidebar } from './views/sidebar/Sidebar';
import { ProjectView } from './views/project/ProjectView';
import { Welcome } from './views/welcome/Welcome';
import { ConnectionBanner } from './views/common/ConnectionBanner';
import { NoticeBanner } from './views/common/NoticeBanner';
import { CommandPalette } from './views/palette/CommandPalette';
import { useGlobalShortcuts } from './keyboard/useGlobalShortcuts';
import { SettingsDialog } from './views/settings/SettingsDialog';
import { useSettingsDialog } from './state/settingsDialog';
import { ConfirmDialog } from './views/common/ConfirmDialog';

export function App() {
  const loaded = useWorkbench((s) => s.loaded);
  const active = useWorkbench(selectActiveProject);
  const projects = useWorkbench((s) => s.projects);
  const layout = useWorkbench((s) => s.layout);
  const [palette, setPalette] = useState(false);
  const settingsOpen = useSettingsDialog((s) => s.open);
  const openPalette = useCallback(() => setPalette(true), []);
  useGlobalShortcuts(openPalette);

  return (
    <div className="app" style={{ gridTemplateColumns: `${layout.sidebarWidth}px 1fr` }}>
      <Sidebar />
      <main className="main" aria-busy={!loaded}>
        <ConnectionBanner />
        <NoticeBanner />
        {/* Every open project stays mounted (hidden when not active) so its terminals, agent stream
            and scroll positions survive a switch. */}
        {loaded ? projects.map((p) => <ProjectView key={p.id} project={p} hidden={p.id !== active?.id} />) : null}
        {loaded && !active ? <Welcome /> : null}
      </main>
      {settingsOpen ? <SettingsDialog /> : null}
      {palette ? <CommandPalette onClose={() => setPalette(false)} openPalette={openPalette} /> : null}
      <ConfirmDialog />
    </div>
  );
}
