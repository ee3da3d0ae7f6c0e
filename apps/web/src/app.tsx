import { lazy, Suspense, useEffect, useState } from 'react';
import { fetchSession } from './api.js';
import { sessionCredential, takeToken } from './auth.js';
import { DisplayPage } from './display/display-page.js';
import { ProgrammeListPage } from './list/programme-list-page.js';
import { Notice } from './notice.js';
import { navigate, useLocation } from './router.js';
import { SignInPage } from './session/sign-in-page.js';

const DISPLAY = /^\/display\/([^/?]+)\/?(?:\?.*)?$/;
const WORKSPACE = /^\/p\/([^/?]+)(?:\/([^/?]*))?\/?(?:\?.*)?$/;

// The coordinator's, partner's and auditor's pages load only when opened: the room's display stays lean.
const WorkspacePage = lazy(() => import('./workspace/workspace-page.js'));
const AdminPage = lazy(() => import('./admin/admin-page.js'));

/** Whether the server offers sign-in through an identity provider, and a session cookie's credential if signed in. */
const useSignIn = (token: string | null, setToken: (t: string) => void) => {
  const [oidc, setOidc] = useState<boolean | null>(token === null ? null : false);
  useEffect(() => {
    if (token !== null) return;
    let live = true;
    fetchSession().then(
      (info) => {
        if (!live) return;
        setOidc(info.oidc);
        if (info.signedIn && info.csrfToken) setToken(sessionCredential(info.csrfToken));
      },
      () => live && setOidc(false),
    );
    return () => {
      live = false;
    };
  }, [token, setToken]);
  return oidc;
};

const signInErrors: Record<string, string> = {
  sign_in_state_mismatch: 'That sign-in was not started in this browser. Sign in again.',
  sign_in_expired: 'That sign-in was already used or took too long. Sign in again.',
  sign_in_failed: 'Your organisation did not confirm the sign-in (it may have been cancelled). Sign in again.',
};

/** Why the last sign-in through the identity provider failed (`?signInError=`), taken out of the address bar. */
const takeSignInError = (): string | undefined => {
  const url = new URL(window.location.href);
  const code = url.searchParams.get('signInError');
  if (code === null) return undefined;
  url.searchParams.delete('signInError');
  window.history.replaceState(null, '', url);
  return signInErrors[code] ?? 'Signing in did not work. Try again.';
};

/** Routes matched on the path, which the server answers with index.html. */
export const App = () => {
  const location = useLocation();
  const [token, setToken] = useState(takeToken);
  const [signInError] = useState(takeSignInError);
  const oidc = useSignIn(token, setToken);
  if (token === null)
    return oidc === null ? (
      <Notice title="Loading…">Checking whether you are signed in.</Notice>
    ) : (
      <SignInPage onSignedIn={setToken} oidc={oidc} {...(signInError ? { notice: signInError } : {})} />
    );
  const signedOut = () => {
    setToken(null);
    navigate('/');
  };
  const display = DISPLAY.exec(location);
  if (display?.[1] !== undefined) return <DisplayPage programmeId={decodeURIComponent(display[1])} token={token} />;
  const workspace = WORKSPACE.exec(location);
  if (workspace?.[1] !== undefined)
    return (
      <Suspense fallback={<Notice title="Loading…">Opening the programme.</Notice>}>
        <WorkspacePage
          programmeId={decodeURIComponent(workspace[1])}
          tab={workspace[2] ?? ''}
          token={token}
          onSignOut={signedOut}
        />
      </Suspense>
    );
  if (location === '/admin' || location.startsWith('/admin?'))
    return (
      <Suspense fallback={<Notice title="Loading…">Opening the administration.</Notice>}>
        <AdminPage token={token} onSignOut={signedOut} />
      </Suspense>
    );
  if (location === '/' || location.startsWith('/?')) return <ProgrammeListPage token={token} onSignOut={signedOut} />;
  return (
    <Notice title="Page not found">
      <a href="/">See all programmes</a>
    </Notice>
  );
};
