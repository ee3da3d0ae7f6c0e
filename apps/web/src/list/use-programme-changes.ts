import { useEffect, useState } from 'react';
import { liveUrl } from '../api.js';
import { openLive } from '../live/live-connection.js';
import type { ConnectionStatus } from '../live/live-model.js';
import { parseFrame } from '../live/live-model.js';

/** Gathers the refetches that a burst of events (a meeting's worth of commands) would otherwise cause. */
const REFETCH_DELAY_MS = 300;

const overall = (statuses: readonly (ConnectionStatus | undefined)[]): ConnectionStatus =>
  statuses.includes('reconnecting') ? 'reconnecting' : statuses.every((s) => s === 'live') ? 'live' : 'behind';

/**
 * Calls `onChange` when any of the programmes records an event, over one live connection each.
 * The list needs no fold, only a signal, so backlog events only move the resume position. The
 * first heartbeat also counts as a change: an event may have landed between the list's fetch
 * and the end of the backlog.
 */
export const useProgrammeChanges = (
  programmeIds: readonly string[],
  token: string,
  onChange: () => void,
): ConnectionStatus => {
  const [statuses, setStatuses] = useState<Readonly<Record<string, ConnectionStatus>>>({});
  // Reconnect only when the set of programmes changes, not on every refetch of the same list.
  const ids = programmeIds.join(' ');
  useEffect(() => {
    let pending: ReturnType<typeof setTimeout> | undefined;
    const changed = () => {
      clearTimeout(pending);
      pending = setTimeout(onChange, REFETCH_DELAY_MS);
    };
    const stops = (ids === '' ? [] : ids.split(' ')).map((programmeId) => {
      let after = 0;
      let caughtUp = false;
      const setStatus = (status: ConnectionStatus) => setStatuses((all) => ({ ...all, [programmeId]: status }));
      return openLive({
        url: (resumeAfter) => liveUrl(window.location, programmeId, resumeAfter, token),
        after: () => after,
        onOpen: () => setStatus('behind'),
        onFrame: (data) => {
          const message = parseFrame(data);
          if (message === null) return;
          if (message.kind === 'event') {
            after = Math.max(after, message.event.position);
            if (caughtUp) changed();
          } else {
            if (!caughtUp) changed();
            caughtUp = true;
            setStatus('live');
          }
        },
        onLost: () => setStatus('reconnecting'),
      });
    });
    return () => {
      clearTimeout(pending);
      for (const stop of stops) stop();
    };
  }, [ids, token, onChange]);
  return overall(programmeIds.map((id) => statuses[id]));
};
