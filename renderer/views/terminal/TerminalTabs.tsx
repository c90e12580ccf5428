import { useState, type KeyboardEvent } from 'react';
import type { TerminalInfo } from '../../../contract';

interface Props {
  terminals: TerminalInfo[];
  activeId: string | undefined;
  onSelect(id: string): void;
  onClose(id: string): void;
  onRename(id: string, title: string): void;
}

/** The terminals of a project as tabs; double-click (or F2) renames, × closes. */
export function TerminalTabs({ terminals, activeId, onSelect, onClose, onRename }: Props) {
  const [editing, setEditing] = useState<string | null>(null);

  const finishRename = (id: string, value: string) => {
    setEditing(null);
    if (value.trim()) onRename(id, value.trim());
  };

  const onTabKey = (e: KeyboardEvent, id: string) => {
    if (e.key === 'F2') {
      e.preventDefault();
      setEditing(id);
    }
  };

  return (
    <div role="tablist" aria-label="Terminals" className="terminal-tabs">
      {terminals.map((t) => (
        <div key={t.id} className={`terminal-tab${t.id === activeId ? ' active' : ''}`} data-status={t.status}>
          {editing === t.id ? (
            <input
              className="terminal-rename"
              aria-label="Terminal name"
              defaultValue={t.title}
              autoFocus
              maxLength={80}
              onBlur={(e) => finishRename(t.id, e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') finishRename(t.id, e.currentTarget.value);
                if (e.key === 'Escape') setEditing(null);
              }}
            />
          ) : (
            <button
              type="button"
              role="tab"
              aria-selected={t.id === activeId}
              className="terminal-tab-button"
              title={`${t.title} — ${t.cwd} (double-click or F2 to rename)`}
              onClick={() => onSelect(t.id)}
              onDoubleClick={() => setEditing(t.id)}
              onKeyDown={(e) => onTabKey(e, t.id)}
            >
              <span className="terminal-status-dot" aria-hidden="true" />
              {t.title}
              {t.status === 'exited' ? <span className="terminal-exit"> ({t.signal ? `signal ${t.signal}` : t.exitCode})</span> : null}
            </button>
          )}
          {t.id === activeId && editing !== t.id ? (
            <button type="button" className="terminal-tab-close" aria-label={`Rename terminal ${t.title}`} title="Rename (F2 or double-click)" onClick={() => setEditing(t.id)}>
              ✎
            </button>
          ) : null}
          <button type="button" className="terminal-tab-close" aria-label={`Close terminal ${t.title}`} title="Close terminal" onClick={() => onClose(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
