import type { MouseEvent } from 'react';
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
const notify = () => {
  for (const listener of listeners) listener();
};
window.addEventListener('popstate', notify);

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
const current = () => window.location.pathname + window.location.search;

/** The path and query of the page, following client-side navigation and the back button. */
export const useLocation = (): string => useSyncExternalStore(subscribe, current);

/** Moves to `to` without a reload (the server answers every client route with index.html). */
export const navigate = (to: string, { replace = false } = {}): void => {
  if (to === current()) return;
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  notify();
};

/** An anchor's click handler that navigates in place, leaving new-tab clicks (modifiers, middle button) to the browser. */
export const followLink = (event: MouseEvent<HTMLAnchorElement>): void => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
    return;
  if (event.currentTarget.target && event.currentTarget.target !== '_self') return;
  event.preventDefault();
  navigate(event.currentTarget.getAttribute('href') ?? '/');
};
