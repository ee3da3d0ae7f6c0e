import { ApiError } from '../api.js';
import { Notice } from '../notice.js';
import { useProgrammes } from '../use-programmes.js';
import { LiveDisplay } from './live-display.js';

/**
 * Checks the token and the programme once over HTTP before going live: a refused websocket
 * upgrade looks the same as a dropped connection, and would otherwise retry for ever.
 */
export const DisplayPage = ({ programmeId, token }: { programmeId: string; token: string }) => {
  const { programmes, error } = useProgrammes(token);
  if (error instanceof ApiError && (error.status === 401 || error.status === 403))
    return <Notice title="The access token was not accepted">Ask the coordinator for a new display link.</Notice>;
  if (programmes === null)
    return (
      <Notice title="Loading…">
        {error === null ? 'Fetching the programme.' : 'The server cannot be reached yet; trying again.'}
      </Notice>
    );
  if (!programmes.some((p) => p.programmeId === programmeId))
    return (
      <Notice title="Programme not found">
        There is no programme “{programmeId}”. <a href="/">See all programmes</a>
      </Notice>
    );
  return <LiveDisplay programmeId={programmeId} token={token} />;
};
