import type { EventName, EventPayload } from '../core/api';

type Listener = (payload: unknown) => void;

/**
 * The page's listeners for the service's events, by name. The WebSocket client hands each event it
 * receives to them; test/fixtures/fake-kiosk.ts plays events into the same code, so what a test
 * sees of subscribing and unsubscribing is what the page does.
 */
export class EventListeners {
  private readonly byEvent = new Map<string, Set<Listener>>();

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const set = this.byEvent.get(event) ?? new Set();
    this.byEvent.set(event, set);
    set.add(listener as Listener);
    return () => set.delete(listener as Listener);
  }

  emit(event: string, payload: unknown): void {
    this.byEvent.get(event)?.forEach((listener) => listener(payload));
  }

  /** How many listeners an event has now. */
  count(event: EventName): number {
    return this.byEvent.get(event)?.size ?? 0;
  }
}
