import { lazy, Suspense, useState } from 'react';
import { takeToken } from './auth.js';
import { DisplayPage } from './display/display-page.js';
import { ProgrammeListPage } from './list/programme-list-page.js';
import { Notice } from './notice.js';
import { navigate, useLocation } from './router.js';
import { SignInPage } from './session/sign-in-page.js';

const DISPLAY = /^\/display\/([^/?]+)\/?(?:\?.*)?$/;
const WORKSPACE = /^\/p\/([^/?]+)(?:\/([^/?]*))?\/?(?:\?.*)?$/;

// The coordinator's, partner's and auditor's pages load only when opened: the room's display stays lean.
const WorkspacePage = lazy(() => import('./workspace/workspace-page.js'));

/** Routes matched on the path, which the server answers with index.html. */
export const App = () => {
  const location = useLocation();
  const [token, setToken] = useState(takeToken);
  if (token === null) return <SignInPage onSignedIn={setToken} />;
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
  if (location === '/' || location.startsWith('/?')) return <ProgrammeListPage token={token} onSignOut={signedOut} />;
  return (
    <Notice title="Page not found">
      <a href="/">See all programmes</a>
    </Notice>
  );
};
