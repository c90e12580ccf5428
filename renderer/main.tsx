import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/app.css';
import { connectApi } from './api/connect';
import { ApiContext } from './api/apiContext';
import { useWorkbench } from './state/workbenchStore';
import { App } from './App';
import { applyStoredTheme } from './actions/theme';

applyStoredTheme();

const { api, ws } = connectApi();
const store = useWorkbench.getState();

async function loadAll(): Promise<void> {
  const [info, state, status] = await Promise.all([
    api.call('app.info', {}),
    api.call('workbench.state', {}),
    api.call('projects.status', {}),
  ]);
  store.setInfo(info);
  store.applyState(state);
  store.setStatus(status);
}

api.on('workbench.changed', (state) => {
  useWorkbench.getState().applyState(state);
  // A newly opened project has no status yet: fetch the (small) map once.
  if (state.projects.some((p) => !(p.id in useWorkbench.getState().status))) {
    void api.call('projects.status', {}).then((s) => useWorkbench.getState().setStatus(s));
  }
});
api.on('projects.status', (e) => useWorkbench.getState().setProjectStatus(e.projectId, e.status));
if (ws) {
  // After a reconnect the host may have changed meanwhile: fetch everything once.
  ws.onConnection((c) => {
    useWorkbench.getState().setConnection(c);
    if (c === 'open') void loadAll();
  });
} else {
  store.setConnection('open');
  void loadAll();
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ApiContext.Provider value={api}>
      <App />
    </ApiContext.Provider>
  </StrictMode>,
);
