import { useEffect, useRef, useState } from 'react';
import { selectActiveProject, useWorkbench } from '../../state/workbenchStore';
import { SETTINGS_TABS, useSettingsDialog, type SettingsTab } from '../../state/settingsDialog';
import { ProviderForm } from './ProviderForm';
import { UsagePanel } from './UsagePanel';
import { McpServersPanel } from './McpServersPanel';
import { SemanticSearchPanel } from './SemanticSearchPanel';
import './settings.css';


/** Settings: the model provider, its key and model; Escape or Close leaves. */
export function SettingsDialog() {
  const close = useSettingsDialog((s) => s.close);
  const active = useWorkbench(selectActiveProject);
  const [tab, setTab] = useState<SettingsTab>(() => useSettingsDialog.getState().tab);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('select, input, button')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [close]);

  return (
    <div className="settings-backdrop" onMouseDown={close}>
      <div ref={ref} role="dialog" aria-modal="true" aria-label="Settings" className="settings-dialog" onMouseDown={(e) => e.stopPropagation()}>
        <header className="settings-header">
          <h2>Settings</h2>
          <div role="tablist" aria-label="Settings sections" className="settings-tabs">
            {SETTINGS_TABS.map((t) => (
              <button key={t} type="button" role="tab" aria-selected={tab === t} className={tab === t ? 'active' : undefined} onClick={() => setTab(t)}>
                {t}
              </button>
            ))}
          </div>
          <button type="button" className="button" onClick={close}>
            Close
          </button>
        </header>
        <div className="settings-body" role="tabpanel" aria-label={tab}>
          {/* Kept mounted while another tab is open: a key typed but not saved yet survives a look at Usage. */}
          <div hidden={tab !== 'Model'}>
            <ProviderForm project={active ?? null} />
          </div>
          {tab === 'Semantic search' ? <SemanticSearchPanel project={active ?? null} /> : null}
          {tab === 'MCP servers' ? <McpServersPanel project={active ?? null} /> : null}
          {tab === 'Usage' ? <UsagePanel project={active ?? null} /> : null}
        </div>
      </div>
    </div>
  );
}
