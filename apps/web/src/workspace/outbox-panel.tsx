import { formatDateTime, plural } from '../format.js';
import { formIsMounted, putBack } from './forms/command-form.js';
import type { Outbox } from './outbox.js';
import { useOutboxItems } from './use-outbox.js';

/**
 * What has been typed but not yet acknowledged: pending commands (retried until the server
 * answers) and refused ones (kept until the user fixes or discards them).
 */
export const OutboxPanel = ({ outbox }: { outbox: Outbox }) => {
  const items = useOutboxItems(outbox);
  const pending = items.filter((i) => i.state === 'pending');
  const refused = items.filter((i) => i.state === 'refused');
  return (
    <section className="outbox" aria-labelledby="outbox-heading" hidden={items.length === 0}>
      <h2 id="outbox-heading">
        Waiting to be sent
        <span className="sr-only">: </span>{' '}
        <span className="pending-badge" role="status">
          {pending.length > 0 ? `${plural(pending.length, 'command')} pending` : 'nothing pending'}
        </span>
      </h2>
      {pending.length > 0 && (
        <>
          <ul className="outbox-list">
            {pending.map((item, i) => (
              <li key={item.key} className="outbox-pending">
                <span className="outbox-state">PENDING</span> {item.label}{' '}
                <span className="meta">
                  queued {formatDateTime(item.queuedAt)}
                  {i === 0 && item.attempts > 1 && `, attempt ${item.attempts}`}
                  {i === 0 && item.lastError && `: ${item.lastError}`}
                </span>
              </li>
            ))}
          </ul>
          <p className="meta">
            Nothing typed is lost: each command is kept in this tab and sent again until the server acknowledges it,
            once.{' '}
            <button type="button" onClick={outbox.kick}>
              Try now
            </button>
          </p>
        </>
      )}
      {refused.length > 0 && (
        <ul className="outbox-list">
          {refused.map((item) => (
            <li key={item.key} className="outbox-refused">
              <span className="outbox-state">REFUSED</span> {item.label}:{' '}
              {item.problem?.detail ?? item.problem?.title ?? 'the server refused it'}
              {item.problem?.errors?.map((e) => (
                <span key={e.path} className="meta">
                  {' '}
                  ({e.path}: {e.message})
                </span>
              ))}{' '}
              {formIsMounted(item.formId) && (
                <button
                  type="button"
                  onClick={() => {
                    if (putBack(item)) outbox.dismiss(item.key);
                  }}
                >
                  Put back in the form
                </button>
              )}{' '}
              <button type="button" onClick={() => outbox.dismiss(item.key)}>
                Discard<span className="sr-only"> {item.label}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
};
