import '@xterm/xterm/css/xterm.css';
import './terminal.css';
import { useEffect, useState } from 'react';
import type { Project, TerminalInfo } from '../../../contract';
import { useApi } from '../../api/apiContext';
import { TerminalFind } from './TerminalFind';
import { TerminalPane } from './TerminalPane';
import { TerminalTabs } from './TerminalTabs';
import { sessionFor } from './terminalRegistry';
import { followTerminalEvents, loadTerminals } from './terminalEvents';
import { useTerminals } from './terminalStore';
import { useActionHandler, useActionRequests } from '../../actions/actionRequests';

const NO_TERMINALS: TerminalInfo[] = [];

/** A project's terminals: tabs, the active terminal, and what to do when a shell has stopped. */
export function TerminalView({ project }: { project: Project }) {
  const api = useApi();
  const terminals = useTerminals((s) => s.byProject[project.id] ?? NO_TERMINALS);
  const activeId = useTerminals((s) => s.activeByProject[project.id]);
  const setActive = useTerminals((s) => s.setActive);
  const [error, setError] = useState<string | null>(null);
  const [finding, setFinding] = useState(false);
  const active = terminals.find((t) => t.id === activeId);

  useEffect(() => {
    followTerminalEvents(api);
    loadTerminals(api, project.id).catch((err: Error) => setError(err.message));
    // Shown for the first time with no terminal: a shell is started, shown and focused, ready to
    // type (the host decides, so a tab switch, a reload or a second window never adds another).
    // New terminal asked for from the palette starts one itself (its request waits below).
    const pending = useActionRequests.getState().pending;
    if (pending?.projectId === project.id && pending.id === 'terminal.new') return;
    // Its terminal.changed events show it (the only one) while its shell starts.
    let current = true;
    api.call('terminal.openFirst', { projectId: project.id }).catch((err: Error) => current && setError(err.message));
    return () => {
      current = false;
    };
  }, [api, project.id]);

  const run = (action: Promise<unknown>) => {
    setError(null);
    action.catch((err: Error) => setError(err.message));
  };
  const create = () => {
    useTerminals.getState().expectNew(project.id);
    run(api.call('terminal.create', { projectId: project.id }).then((t) => setActive(project.id, t.id), (err: Error) => {
      setActive(project.id, useTerminals.getState().activeByProject[project.id]);
      throw err;
    }));
  };
  useActionHandler(project.id, 'terminal.new', create);
  const session = active ? sessionFor(active, api) : undefined;

  return (
    <div
      className="terminal-view"
      onKeyDownCapture={(e) => {
        if (e.ctrlKey && e.shiftKey && e.key.toLowerCase() === 'f') {
          e.preventDefault();
          setFinding(true);
        }
      }}
    >
      <div className="terminal-toolbar">
        <TerminalTabs
          terminals={terminals}
          activeId={activeId}
          onSelect={(id) => setActive(project.id, id)}
          onClose={(id) => run(api.call('terminal.close', { id }))}
          onRename={(id, title) => run(api.call('terminal.rename', { id, title }))}
        />
        <div className="terminal-actions">
          {session ? (
            <button type="button" className="terminal-action" title="Find (Ctrl+Shift+F)" onClick={() => setFinding((f) => !f)}>
              Find
            </button>
          ) : null}
          <button type="button" className="terminal-action primary" onClick={create}>
            New terminal
          </button>
        </div>
      </div>
      {error ? (
        <p role="alert" className="terminal-error">
          {error}
        </p>
      ) : null}
      {finding && session ? <TerminalFind session={session} onClose={() => setFinding(false)} /> : null}
      {active && active.status !== 'running' && active.status !== 'starting' ? (
        <div role="status" className={`terminal-banner terminal-banner-${active.status}`}>
          <span>{active.message ?? 'The shell is not running.'}</span>
          <button type="button" className="terminal-action" onClick={() => run(api.call('terminal.restart', { id: active.id }))}>
            Restart terminal
          </button>
        </div>
      ) : null}
      {session ? (
        <TerminalPane key={session.info.id} session={session} />
      ) : (
        <div className="terminal-empty">
          <p>No terminal is open in {project.name}.</p>
          <p className="terminal-empty-hint">
            <strong>New terminal</strong> starts your login shell in <code>{project.path}</code>. Shells keep running while you switch
            projects, and come back with their recent output after a reload.
          </p>
        </div>
      )}
    </div>
  );
}
