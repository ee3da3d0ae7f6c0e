const KEY = 'steerlog.token';
/** Commands typed but not yet acknowledged (see workspace/outbox.ts); they belong to the token's session. */
export const OUTBOX_KEY = 'steerlog.outbox';

/**
 * The access token: taken from `?token=` into sessionStorage, and removed from the address bar
 * so it is neither projected on the meeting-room screen nor kept in the browser's history.
 */
export const takeToken = (): string | null => {
  const url = new URL(window.location.href);
  const given = url.searchParams.get('token');
  if (given) {
    sessionStorage.setItem(KEY, given);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url);
  }
  return sessionStorage.getItem(KEY);
};

/** Keeps the token for this tab's session only: closing the tab forgets it. */
export const signIn = (token: string): void => sessionStorage.setItem(KEY, token.trim());

/** Forgets the token and anything queued under it. */
export const signOut = (): void => {
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(OUTBOX_KEY);
};

/** How many commands wait in this session's outbox, read without loading the workspace. */
export const pendingCount = (): number => {
  try {
    const items: unknown = JSON.parse(sessionStorage.getItem(OUTBOX_KEY) ?? '[]');
    return Array.isArray(items) ? items.filter((i: { state?: string }) => i.state === 'pending').length : 0;
  } catch {
    return 0;
  }
};
