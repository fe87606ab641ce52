import type { WakewordApi } from '../shared/contract/api';

declare global {
  interface Window {
    /** Set by the Electron preload; in a browser the WebSocket transport installs it at start-up. */
    api?: WakewordApi;
  }
}
