import { useState } from 'react';
import { endSession, pendingCount, signOut } from '../auth.js';
import { Link } from '../link.js';
import { useWhoami } from '../use-whoami.js';
import { plural } from '../format.js';
import { roleNames } from './roles.js';

/** Who is signed in, and the way out. Signing out with commands still waiting asks first: they would be lost. */
export const SessionBar = ({ token, onSignOut }: { token: string; onSignOut: () => void }) => {
  const { whoami } = useWhoami(token);
  const [confirming, setConfirming] = useState(0);
  const [leaving, setLeaving] = useState(false);
  const leave = () => {
    setLeaving(true);
    void endSession(token).finally(() => {
      signOut();
      onSignOut();
    });
  };
  return (
    <nav className="session-bar" aria-label="Session">
      <Link href="/" className="brand">
        Steerlog
      </Link>
      <p className="session-who">
        {whoami ? (
          <>
            Signed in as <strong>{whoami.name}</strong> · {roleNames[whoami.role]}
            {whoami.partnerId && <> for {whoami.partnerId}</>}
            {whoami.role === 'admin' && (
              <>
                {' '}
                · <Link href="/admin">Tokens and people</Link>
              </>
            )}
          </>
        ) : (
          'Signed in'
        )}
      </p>
      {confirming > 0 ? (
        <p className="session-confirm" role="alert">
          {plural(confirming, 'command')} not yet sent would be lost.{' '}
          <button type="button" onClick={leave}>
            Sign out anyway
          </button>{' '}
          <button type="button" onClick={() => setConfirming(0)}>
            Stay signed in
          </button>
        </p>
      ) : (
        <button
          type="button"
          disabled={leaving}
          onClick={() => {
            const waiting = pendingCount();
            if (waiting > 0) setConfirming(waiting);
            else leave();
          }}
        >
          Sign out
        </button>
      )}
    </nav>
  );
};
