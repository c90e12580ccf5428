import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useApi } from '../../api/apiContext';
import { selectActiveProject, useWorkbench } from '../../state/workbenchStore';
import { filterActions, paletteActions } from './paletteActions';
import { focusOpenProject } from '../../actions/focusOpenProject';
import './palette.css';

interface Props {
  onClose(): void;
  openPalette(): void;
}

/** Ctrl/Cmd+K: every action by name. Arrows choose, Enter runs, Escape closes. */
export function CommandPalette({ onClose, openPalette }: Props) {
  const api = useApi();
  const projects = useWorkbench((s) => s.projects);
  const active = useWorkbench(selectActiveProject);
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);

  const all = useMemo(
    () => paletteActions({ api, project: active, openPalette, focusOpenProject }, projects),
    [api, projects, active, openPalette],
  );
  const shown = filterActions(all, query);
  const current = shown[Math.min(index, shown.length - 1)];

  useEffect(() => inputRef.current?.focus(), []);
  useEffect(() => setIndex(0), [query]);

  const runCurrent = () => {
    if (!current) return;
    onClose();
    void current.run();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') onClose();
    else if (e.key === 'ArrowDown') setIndex((i) => Math.min(i + 1, shown.length - 1));
    else if (e.key === 'ArrowUp') setIndex((i) => Math.max(i - 1, 0));
    else if (e.key === 'Enter') runCurrent();
    else return;
    e.preventDefault();
  };

  return (
    <div className="palette-backdrop" onMouseDown={onClose}>
      <div role="dialog" aria-label="Command palette" aria-modal="true" className="palette" onMouseDown={(e) => e.stopPropagation()}>
        <input
          ref={inputRef}
          className="palette-input"
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={current ? `palette-${current.id}` : undefined}
          aria-label="Command"
          placeholder="Type a command or a project name…"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <ul id="palette-list" role="listbox" aria-label="Commands" className="palette-list">
          {shown.length === 0 ? <li className="palette-empty">No command matches “{query}”.</li> : null}
          {shown.map((a) => (
            <li
              key={a.id}
              id={`palette-${a.id}`}
              role="option"
              aria-selected={a === current}
              className="palette-option"
              onMouseEnter={() => setIndex(shown.indexOf(a))}
              onClick={runCurrent}
            >
              <span>{a.title}</span>
              {a.hint ? <span className="palette-hint">{a.hint}</span> : null}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
