import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './app/api-context';
import { App } from './app/app';
import { ConnectionGate } from './app/connection-gate';
import { createWebSocketApi, webSocketUrl, type WebSocketApi } from './transport/ws-api';
import './app/styles.css';

// In the desktop app the preload has installed window.api; in a browser the WebSocket transport stands in.
const socketApi: WebSocketApi | null = window.api ? null : createWebSocketApi({ url: webSocketUrl(window.location) });
const api = window.api ?? (socketApi as WebSocketApi);
window.api = api;
if (api.host === 'serve' && new URLSearchParams(window.location.search).has('token')) {
  // The server has set an HttpOnly cookie; keep the token out of the address bar, history and screenshots.
  window.history.replaceState(null, '', window.location.pathname + window.location.hash);
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <ApiProvider api={api}>
      <ConnectionGate source={socketApi}>
        <App />
      </ConnectionGate>
    </ApiProvider>
  </StrictMode>,
);
