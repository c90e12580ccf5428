import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { AGENT_MODES, type AgentMode, type Project } from '../../../contract';
import { useApi } from '../../api/apiContext';
import { selectPane, useAgentStore } from '../../state/agentStore';
import { ContextMeter } from './ContextMeter';
import { NotConfigured } from './NotConfigured';
import { ContextWindowAsk } from './ContextWindowAsk';
import { SessionCost } from './SessionCost';
import { useSettingsDialog } from '../../state/settingsDialog';
import { PermissionDialog } from './PermissionDialog';
import { SessionList } from './SessionList';
import { ReasoningItem } from './ReasoningItem';
import { ToolCard } from './ToolCard';
import { useAgentPane } from './useAgentPane';
import { useFollowLog } from './useFollowLog';
import { CommandMenu, commandPrefix, useCommandMatches } from './CommandMenu';
import './agent.css';
import { useActionHandler } from '../../actions/actionRequests';
import { confirmAction } from '../../state/confirmStore';

const MODE_HINT: Record<AgentMode, string> = {
  build: 'all tools',
  plan: 'read-only; the plan goes to a task',
  compose: 'spec → tasks → a subagent per task',
};

/** The agent of one project: sessions, the streamed transcript, permission prompts, the composer. */
export function AgentView({ project }: { project: Project }) {
  const api = useApi();
  const { status, sessions, loadError, refresh } = useAgentPane(project.id);
  const pane = useAgentStore(selectPane(project.id));
  const store = useAgentStore.getState;
  const [text, setText] = useState('');
  const [actionError, setActionError] = useState<string | null>(null);
  const log = useFollowLog(pane.items);

  const act = async (fn: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await fn();
    } catch (err) {
      setActionError((err as Error).message);
    }
  };

  const send = (e?: FormEvent) => {
    e?.preventDefault();
    const message = text.trim();
    if (!message || pane.running) return;
    const sessionId = pane.sessionId;
    store().userSent(project.id, message, sessionId === null);
    log.follow();
    setText('');
    void act(async () => {
      try {
        await api.call('agent.send', { projectId: project.id, text: message, mode: pane.mode, sessionId });
      } catch (err) {
        store().patch(project.id, { running: false });
        throw err;
      }
    });
  };

  const commands = useCommandMatches(project.id, commandPrefix(text));
  const [picked, setPicked] = useState(0);
  const [menuClosedFor, setMenuClosedFor] = useState<string | null>(null);
  const menuOpen = commands.length > 0 && menuClosedFor !== text;
  const selected = Math.min(picked, commands.length - 1);
  const pickCommand = (name: string) => {
    setText(`/${name} `);
    setPicked(0);
  };

  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (menuOpen) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setPicked((selected + (e.key === 'ArrowDown' ? 1 : commands.length - 1)) % commands.length);
        return;
      }
      if ((e.key === 'Tab' || e.key === 'Enter') && !e.shiftKey && !e.nativeEvent.isComposing) {
        e.preventDefault();
        pickCommand(commands[selected].name);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setMenuClosedFor(text);
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      // Enter sends; the newline it would type never lands in the next message.
      e.preventDefault();
      send();
    }
  };

  const openSession = (id: string) =>
    act(async () => {
      const { session, items, contextWindow } = await api.call('sessions.open', { id });
      store().show(project.id, id, items, { contextTokens: session.contextTokens, contextWindow });
      store().patch(project.id, { mode: session.mode });
      log.follow();
    });

  const current = sessions.find((s) => s.id === pane.sessionId) ?? null;
  // The open session changed while this pane was not running it (an `engram run --continue`
  // beside the window, another window): show its transcript as it is now.
  const seenUpdate = useRef<{ id: string; updatedAt: string } | null>(null);
  useEffect(() => {
    const before = seenUpdate.current;
    seenUpdate.current = current ? { id: current.id, updatedAt: current.updatedAt } : null;
    if (!current || pane.running || !before || before.id !== current.id || before.updatedAt === current.updatedAt) return;
    void openSession(current.id);
    // openSession is a fresh closure every render; what matters is the session and its time.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current?.id, current?.updatedAt, pane.running]);
  const focusMessage = () => setTimeout(() => document.querySelector<HTMLTextAreaElement>(`#panel-${project.id}-agent textarea[aria-label="Message"]`)?.focus(), 0);
  useActionHandler(project.id, 'agent.newSession', () => {
    if (!pane.running) store().show(project.id, null, []);
    focusMessage();
  });
  const setMode = (mode: AgentMode) => () => {
    if (!pane.running) store().patch(project.id, { mode });
  };
  useActionHandler(project.id, 'agent.mode.build', setMode('build'));
  useActionHandler(project.id, 'agent.mode.plan', setMode('plan'));
  useActionHandler(project.id, 'agent.mode.compose', setMode('compose'));
  const deleteSession = (session: { id: string; title: string; messageCount?: number }) =>
    act(async () => {
      const ok = await confirmAction({
        title: `Delete the session “${session.title}”?`,
        body: 'Its conversation is removed from Engram and cannot be brought back. Memory it wrote (MEMORY.md entries, notes, task logs) stays.',
        confirmLabel: 'Delete session',
        danger: true,
      });
      if (!ok) return;
      await api.call('sessions.delete', { id: session.id });
      store().show(project.id, null, []);
      await refresh();
    });

  if (loadError) return <p role="alert" className="view-error">{loadError}</p>;
  if (!status) return <p className="view-loading">Loading the agent…</p>;

  return (
    <div className="agent-view">
      <SessionList
        sessions={sessions}
        currentId={pane.sessionId}
        disabled={pane.running}
        onOpen={(id) => void openSession(id)}
        onNew={() => store().show(project.id, null, [])}
      />
      <div className="agent-main">
        <header className="agent-header">
          <h2 className="agent-title">{current?.title ?? 'New session'}</h2>
          {current ? (
            <SessionActions
              title={current.title}
              disabled={pane.running}
              onRename={(title) => act(() => api.call('sessions.rename', { id: current.id, title }).then(refresh))}
              onDelete={() => void deleteSession(current)}
            />
          ) : null}
          {current ? <SessionCost session={current} priced={status.priced} /> : null}
          <span className="agent-model agent-muted">{status.configured ? `${status.provider} · ${status.model}` : 'no model'}</span>
        </header>

        {!status.configured ? (
          <NotConfigured projectId={project.id} status={status} onSaved={() => void refresh()} />
        ) : (
          <div className="agent-log" role="log" aria-label="Conversation" aria-live="polite" ref={log.ref}>
            {pane.items.length === 0 ? <p className="agent-muted agent-empty">Ask the agent to change something in {project.name}.</p> : null}
            {pane.items.map((item, i) =>
              item.kind === 'tool' ? (
                <ToolCard key={item.id} item={item} />
              ) : item.kind === 'reasoning' ? (
                <ReasoningItem key={i} text={item.text} live={pane.running && i === pane.items.length - 1} />
              ) : (
                <div key={i} className={`msg msg-${item.kind}`}>
                  <span className="msg-who">{item.kind === 'user' ? 'You' : 'Agent'}</span>
                  <div className="msg-text">{item.text}</div>
                </div>
              ),
            )}
            {pane.running && !pane.permission ? <p className="agent-working agent-muted">Working…</p> : null}
          </div>
        )}

        {pane.permission ? (
          <PermissionDialog
            request={pane.permission}
            onAnswer={(answer) =>
              void act(() => api.call('agent.permission', { projectId: project.id, requestId: pane.permission!.requestId, answer }))
            }
          />
        ) : null}
        {status.configured && status.contextWindowSource === 'default' && status.model ? (
          <ContextWindowAsk projectId={project.id} model={status.model} onSaved={() => void refresh()} />
        ) : null}
        {pane.notice ? <p className="agent-notice">{pane.notice}</p> : null}
        {pane.error ? (
          <p role="alert" className="agent-error">
            {pane.error}
            {/* A refused key, an unknown model or endpoint: the fix is in Settings. */}
            {/in Settings/.test(pane.error) ? (
              <button type="button" className="button agent-error-action" onClick={() => useSettingsDialog.getState().show()}>
                Open Settings
              </button>
            ) : null}
          </p>
        ) : null}
        {actionError ? <p role="alert" className="agent-error">{actionError}</p> : null}

        <form className="agent-composer" onSubmit={send}>
          {menuOpen ? <CommandMenu id={`commands-${project.id}`} matches={commands} selected={selected} onPick={pickCommand} /> : null}
          <textarea
            aria-label="Message"
            aria-controls={menuOpen ? `commands-${project.id}` : undefined}
            aria-activedescendant={menuOpen ? `commands-${project.id}-${selected}` : undefined}
            placeholder={status.configured ? 'Message the agent (Enter sends, Shift+Enter for a new line)' : 'Configure a provider first'}
            value={text}
            rows={3}
            disabled={!status.configured}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKey}
          />
          <div className="agent-controls">
            <div role="radiogroup" aria-label="Mode" className="agent-modes">
              {AGENT_MODES.map((m) => (
                <label key={m} title={MODE_HINT[m]} className={pane.mode === m ? 'active' : undefined}>
                  <input
                    type="radio"
                    name={`mode-${project.id}`}
                    value={m}
                    checked={pane.mode === m}
                    disabled={pane.running}
                    onChange={() => store().patch(project.id, { mode: m })}
                  />
                  {m}
                </label>
              ))}
            </div>
            <ContextMeter used={pane.contextTokens} window={pane.contextWindow || status.contextWindow} />
            <button type="button" className="button" onClick={() => void act(() => api.call('agent.stop', { projectId: project.id, sessionId: pane.sessionId ?? undefined }))} disabled={!pane.running}>
              Stop
            </button>
            <button type="submit" className="button primary" disabled={!status.configured || pane.running || !text.trim()}>
              Send
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}

function SessionActions(props: { title: string; disabled: boolean; onRename: (title: string) => void; onDelete: () => void }) {
  const [editing, setEditing] = useState<string | null>(null);
  if (editing !== null) {
    return (
      <form
        className="session-rename"
        onSubmit={(e) => {
          e.preventDefault();
          if (editing.trim()) props.onRename(editing.trim());
          setEditing(null);
        }}
      >
        <input aria-label="Session name" value={editing} autoFocus onChange={(e) => setEditing(e.target.value)} onBlur={() => setEditing(null)} />
      </form>
    );
  }
  return (
    <span className="session-actions">
      <button type="button" className="button" onClick={() => setEditing(props.title)} disabled={props.disabled}>
        Rename
      </button>
      <button type="button" className="button danger" onClick={props.onDelete} disabled={props.disabled}>
        Delete
      </button>
    </span>
  );
}
