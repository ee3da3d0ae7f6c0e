import { useEffect, useSyncExternalStore } from 'react';
import { Outbox } from './outbox.js';

let shared: { token: string; outbox: Outbox } | null = null;

/** One outbox per signed-in token, shared by every form of the workspace. */
export const outboxFor = (token: string): Outbox => {
  if (shared?.token !== token) {
    shared?.outbox.stop();
    shared = { token, outbox: new Outbox({ token, storage: sessionStorage, fetch: (...args) => fetch(...args) }) };
  }
  return shared.outbox;
};

/** Starts sending what is queued (including what a reload left behind) and retries at once when the browser is back online. */
export const useOutbox = (token: string): Outbox => {
  const outbox = outboxFor(token);
  useEffect(() => {
    outbox.start();
    window.addEventListener('online', outbox.kick);
    return () => window.removeEventListener('online', outbox.kick);
  }, [outbox]);
  return outbox;
};

export const useOutboxItems = (outbox: Outbox) => useSyncExternalStore(outbox.subscribe, outbox.snapshot);
