import { useEffect, useMemo } from 'react';
import { ApiError } from '../api.js';
import { ConnectionIndicator } from '../connection-status.js';
import { formatDateTime } from '../format.js';
import { Notice } from '../notice.js';
import { RagBadge } from '../rag.js';
import { Link } from '../link.js';
import { SessionBar } from '../session/session-bar.js';
import { isSession, signOut } from '../auth.js';
import { useProgrammes } from '../use-programmes.js';
import { useProgrammeChanges } from './use-programme-changes.js';
import { TableScroll } from '../table-scroll.js';

/** Live connections only exist for programmes already listed: a newly launched one shows up at the next poll. */
const POLL_MS = 60_000;

export const ProgrammeListPage = ({ token, onSignOut }: { token: string; onSignOut: () => void }) => {
  const { programmes, error, refresh } = useProgrammes(token);
  const ids = useMemo(() => programmes?.map((p) => p.programmeId) ?? [], [programmes]);
  const status = useProgrammeChanges(ids, token, refresh);
  useEffect(() => {
    document.title = 'Programmes · Steerlog';
    const timer = setInterval(refresh, POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  if (error instanceof ApiError && (error.status === 401 || error.status === 403) && isSession(token))
    return (
      <Notice title="Your session has ended">
        <button
          type="button"
          onClick={() => {
            signOut();
            onSignOut();
          }}
        >
          Sign in again
        </button>
      </Notice>
    );
  if (error instanceof ApiError && (error.status === 401 || error.status === 403))
    return (
      <Notice title="The access token was not accepted">
        Ask the coordinator for a new link, or{' '}
        <button
          type="button"
          onClick={() => {
            signOut();
            onSignOut();
          }}
        >
          sign in with another token
        </button>
        .
      </Notice>
    );
  if (programmes === null)
    return (
      <Notice title="Loading…">
        {error === null ? 'Fetching the programmes.' : 'The server cannot be reached yet; trying again.'}
      </Notice>
    );
  return (
    <div className="list-page">
      <SessionBar token={token} onSignOut={onSignOut} />
      <header className="list-header">
        <h1>Programmes</h1>
        {programmes.length > 0 && <ConnectionIndicator status={status} />}
      </header>
      <main>
        {error !== null && <p className="alert">The list could not be refreshed; it may be out of date.</p>}
        {programmes.length === 0 ? (
          <p className="empty">No programmes yet.</p>
        ) : (
          <TableScroll label="Programmes">
            <table className="programme-table">
              <thead>
                <tr>
                  <th scope="col">Programme</th>
                  <th scope="col">RAG</th>
                  <th scope="col">Version</th>
                  <th scope="col">Last change</th>
                  <th scope="col">Meeting display</th>
                </tr>
              </thead>
              <tbody>
                {programmes.map((p) => (
                  <tr key={p.programmeId}>
                    <th scope="row">
                      <Link href={`/p/${encodeURIComponent(p.programmeId)}`}>{p.name}</Link>
                    </th>
                    <td>
                      <RagBadge rag={p.rag} />
                    </td>
                    <td>{p.version}</td>
                    <td>
                      <time dateTime={p.updatedAt}>{formatDateTime(p.updatedAt)}</time>
                    </td>
                    <td>
                      <a href={`/display/${encodeURIComponent(p.programmeId)}`}>
                        Display<span className="sr-only"> for {p.name}</span>
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </main>
    </div>
  );
};
