import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { liveUrl } from '../api.js';
import type { LiveModel } from './live-model.js';
import { connectionLost, connectionOpened, connectionRefused, initialModel, receiveFrame } from './live-model.js';
import { openLive } from './live-connection.js';

/** A value outside React that components subscribe to; every websocket frame updates it synchronously. */
const createStore = <T>(initial: T) => {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    update: (change: (value: T) => T) => {
      const next = change(value);
      if (next === value) return;
      value = next;
      for (const listener of listeners) listener();
    },
    subscribe: (listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
};

/**
 * The live fold of one programme: the backlog from position 0, then every event as it commits,
 * folded by the domain's own `fold`/`evolve` (see `receiveFrame`). The model lives in a store
 * rather than React state so the reconnect reads the position of the last event actually received.
 */
export const useProgrammeLive = (programmeId: string, token: string): LiveModel => {
  // Another programme or token starts again from an empty fold.
  const store = useMemo(() => createStore(initialModel()), [programmeId, token]);
  useEffect(() => {
    const stop = openLive({
      url: (after) => liveUrl(window.location, programmeId, after, token),
      after: () => store.get().lastPosition,
      onOpen: () => store.update(connectionOpened),
      onFrame: (data) => {
        store.update((model) => receiveFrame(model, data));
        if (store.get().status === 'failed') stop();
      },
      onLost: () => store.update(connectionLost),
      onRefused: (code) => store.update((model) => connectionRefused(model, code)),
    });
    return stop;
  }, [store, programmeId, token]);
  return useSyncExternalStore(store.subscribe, store.get);
};
