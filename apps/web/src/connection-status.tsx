import type { ConnectionStatus } from './live/live-model.js';

const labels: Record<ConnectionStatus, string> = {
  live: 'Live',
  behind: 'Behind',
  reconnecting: 'Reconnecting…',
  failed: 'Stopped',
};

/** Whether what is on screen is current; a polite live region so a screen reader hears it change. */
export const ConnectionIndicator = ({ status, problem }: { status: ConnectionStatus; problem?: string | null }) => (
  <p className={`connection connection-${status}`} role="status" aria-live="polite">
    <span className="connection-dot" aria-hidden="true" />
    {labels[status]}
    {problem && <span className="connection-problem">{problem} Reload the page.</span>}
  </p>
);
