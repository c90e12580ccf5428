import { useCallback, useEffect, useState } from 'react';
import type { AgentSessionSummary, AgentStatus } from '../../../contract';
import { useApi } from '../../api/apiContext';
import { useAgentStore } from '../../state/agentStore';

/**
 * Connects one project's pane to the host: stream events go straight into the store (no
 * refetch); the status and session list are fetched on mount and on `agent.changed`, which the
 * host sends only when a run starts or ends.
 */
export function useAgentPane(projectId: string) {
  const api = useApi();
  const [status, setStatus] = useState<AgentStatus | null>(null);
  const [sessions, setSessions] = useState<AgentSessionSummary[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const [st, list] = await Promise.all([api.call('agent.status', { projectId }), api.call('sessions.list', { projectId })]);
      setStatus(st);
      setSessions(list);
      setLoadError(null);
      const store = useAgentStore.getState();
      store.patch(projectId, { contextWindow: st.contextWindow, running: st.runningSessionId !== null || (store.byProject[projectId]?.running ?? false) });
    } catch (err) {
      setLoadError((err as Error).message);
    }
  }, [api, projectId]);

  useEffect(() => {
    void refresh();
    const offEvent = api.on('agent.event', (e) => {
      if (e.projectId !== projectId) return;
      const store = useAgentStore.getState();
      // A task's agent runs beside the pane's: its events show only while its session is the one open.
      if (e.taskId && (e.event.type === 'session' || store.byProject[projectId]?.sessionId !== e.sessionId)) return;
      store.apply(projectId, e.sessionId, e.event);
    });
    const offChanged = api.on('agent.changed', (e) => {
      if (e.projectId === projectId) void refresh();
    });
    return () => {
      offEvent();
      offChanged();
    };
  }, [api, projectId, refresh]);

  return { status, sessions, loadError, refresh };
}
