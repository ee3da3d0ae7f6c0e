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

/**
 * A person signed in through the organisation's identity provider has no token: the browser
 * holds an HttpOnly session cookie, and the page holds the session's CSRF token, sent on every
 * request. Such a credential is written `session:CSRF_TOKEN` wherever a token would be.
 */
const SESSION = 'session:';
export const sessionCredential = (csrfToken: string): string => `${SESSION}${csrfToken}`;
export const isSession = (credential: string): boolean => credential.startsWith(SESSION);

/** The headers that carry a credential: the bearer token, or the session's CSRF token (the cookie goes by itself). */
export const authHeaders = (credential: string): Record<string, string> =>
  isSession(credential)
    ? { 'X-CSRF-Token': credential.slice(SESSION.length) }
    : { Authorization: `Bearer ${credential}` };

/** Ends the session at the server (a token needs nothing: forgetting it is enough). */
export const endSession = async (credential: string): Promise<void> => {
  if (!isSession(credential)) return;
  await fetch('/auth/logout', { method: 'POST', headers: authHeaders(credential) }).catch(() => undefined);
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
