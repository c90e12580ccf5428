import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/app.css';
import { connectApi } from './api/connect';
import { ApiContext } from './api/apiContext';
import { useWorkbench } from './state/workbenchStore';
import { App } from './App';

const { api, ws } = connectApi();
const store = useWorkbench.getState();

async function loadAll(): Promise<void> {
  const [info, state] = await Promise.all([api.call('app.info', {}), api.call('workbench.state', {})]);
  store.setInfo(info);
  store.applyState(state);
}

api.on('workbench.changed', (state) => useWorkbench.getState().applyState(state));
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
