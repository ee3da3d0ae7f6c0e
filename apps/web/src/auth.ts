const KEY = 'steerlog.token';

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
