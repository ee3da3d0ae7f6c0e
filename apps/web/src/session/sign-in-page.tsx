import type { FormEvent } from 'react';
import { useEffect, useId, useRef, useState } from 'react';
import { ApiError, fetchWhoami } from '../api.js';
import { signIn } from '../auth.js';
import { roleNames } from './roles.js';

/**
 * Sign-in: through the organisation's identity provider when the server has one configured,
 * or with an access token (from `pnpm steerlog token create`). A token is checked with the
 * server before it is kept, and it is kept in sessionStorage only: closing the tab forgets it.
 */
export const SignInPage = ({
  onSignedIn,
  notice,
  oidc = false,
}: {
  onSignedIn: (token: string) => void;
  notice?: string;
  oidc?: boolean;
}) => {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  useEffect(() => {
    document.title = 'Sign in · Steerlog';
    if (!oidc) input.current?.focus();
  }, [oidc]);
  const returnTo = `${window.location.pathname}${window.location.search}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const given = token.trim();
    if (given === '') {
      setError('Enter your access token.');
      input.current?.focus();
      return;
    }
    setChecking(true);
    try {
      const who = await fetchWhoami(given);
      signIn(given);
      setError(null);
      document.title = `Signed in as ${who.name} (${roleNames[who.role]}) · Steerlog`;
      onSignedIn(given);
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 401
          ? 'This token was not accepted: it is unknown or has been revoked.'
          : 'The server cannot be reached. Check the connection and try again.',
      );
      input.current?.focus();
    } finally {
      setChecking(false);
    }
  };

  return (
    <main className="sign-in">
      <h1>Sign in to Steerlog</h1>
      {notice && <p className="alert">{notice}</p>}
      {oidc && (
        <>
          <p>
            <a className="button-primary" href={`/auth/login?returnTo=${encodeURIComponent(returnTo)}`}>
              Sign in with your organisation
            </a>
          </p>
          <h2>Or use an access token</h2>
        </>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className={`field${error ? ' field-invalid' : ''}`}>
          <label htmlFor={`${id}-token`}>Access token</label>
          <p className="hint" id={`${id}-hint`}>
            The coordinator or an administrator gives you one; it starts with <code>slg_</code>. It is kept only until
            you close this tab.
          </p>
          {error && (
            <p className="field-error" id={`${id}-error`}>
              <span className="sr-only">Error: </span>
              {error}
            </p>
          )}
          <input
            ref={input}
            id={`${id}-token`}
            name="token"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={token}
            aria-invalid={error !== null}
            aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
            onChange={(e) => setToken(e.target.value)}
          />
        </div>
        <button type="submit" className={oidc ? undefined : 'button-primary'} disabled={checking}>
          {checking ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
};
