import { DisplayPage } from './display/display-page.js';
import { ProgrammeListPage } from './list/programme-list-page.js';
import { Notice } from './notice.js';

const DISPLAY = /^\/display\/([^/]+)\/?$/;

/** Two routes, matched on the path the server falls back to index.html for. */
export const App = ({ path, token }: { path: string; token: string | null }) => {
  if (token === null)
    return (
      <Notice title="Steerlog needs an access token">
        Open this page from the link you were given: its address ends in <code>?token=</code> followed by your token.
      </Notice>
    );
  const display = DISPLAY.exec(path);
  if (display?.[1] !== undefined) return <DisplayPage programmeId={decodeURIComponent(display[1])} token={token} />;
  if (path === '/') return <ProgrammeListPage token={token} />;
  return (
    <Notice title="Page not found">
      <a href="/">See all programmes</a>
    </Notice>
  );
};
