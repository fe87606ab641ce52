import type { EventName, EventPayloads } from '../shared/contract/api';

export type EventListener = <E extends EventName>(name: E, payload: EventPayloads[E]) => void;

/** Services emit contract events here; each host (Electron windows, WebSocket clients) subscribes once. */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(name: E, payload: EventPayloads[E]): void {
    for (const listener of this.listeners) listener(name, payload);
  }
}
