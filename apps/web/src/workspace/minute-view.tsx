import { useEffect, useRef, useState } from 'react';
import { Minutes } from '@steerlog/contract';
import { ApiError, getJson } from '../api.js';
import { formatDate, formatDateTime, meetingHours } from '../format.js';
import { IllustrativeTag } from '../illustrative-tag.js';
import { TableScroll } from '../table-scroll.js';
import { DownloadButton } from './download-button.js';

type Attendee = Minutes['present'][number];
const attendee = (a: Attendee) => (a.partner ? `${a.name} (${a.partner})` : a.name);
const people = (list: Attendee[]) => (list.length === 0 ? 'not recorded' : list.map(attendee).join(', '));
const statusWords = { open: 'Open', overdue: 'Overdue', done: 'Done' } as const;

const meetingPath = (programmeId: string, meetingId: string) =>
  `/api/programmes/${encodeURIComponent(programmeId)}/meetings/${encodeURIComponent(meetingId)}`;
export const minutesPath = (programmeId: string, meetingId: string, format: 'json' | 'md' | 'pdf') =>
  `${meetingPath(programmeId, meetingId)}/minutes?format=${format}`;
/** The board pack: the record as of the meeting's day, for the board to read before and during it. */
export const packPath = (programmeId: string, meetingId: string, format: 'md' | 'pdf') =>
  `${meetingPath(programmeId, meetingId)}/pack?format=${format}`;

/** The minute of one meeting as the server writes it, to read, print or take away as Markdown. */
export const MinuteView = ({
  programmeId,
  meetingId,
  token,
  refresh,
  focusOnLoad = false,
}: {
  programmeId: string;
  meetingId: string;
  token: string;
  refresh: number;
  /** Put the keyboard on the minute's heading once it has loaded (after closing the meeting, or opening a minute). */
  focusOnLoad?: boolean;
}) => {
  const heading = useRef<HTMLHeadingElement>(null);
  const focused = useRef<string | null>(null);
  const [minutes, setMinutes] = useState<Minutes | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    getJson(token, minutesPath(programmeId, meetingId, 'json'), Minutes, abort.signal).then(
      setMinutes,
      (e: unknown) => {
        if (!abort.signal.aborted) setError(e instanceof ApiError ? e.message : 'The minute could not be fetched.');
      },
    );
    return () => abort.abort();
  }, [programmeId, meetingId, token, refresh]);

  const loaded = minutes?.meetingId === meetingId;
  useEffect(() => {
    if (focusOnLoad && loaded && focused.current !== meetingId) {
      focused.current = meetingId;
      heading.current?.focus();
    }
  }, [focusOnLoad, loaded, meetingId]);

  if (error) return <p className="alert">{error}</p>;
  if (!minutes) return <p role="status">Fetching the minute…</p>;
  return (
    <article className="minute" aria-labelledby="minute-heading">
      <h2 id="minute-heading" ref={heading} tabIndex={-1}>
        Minute: {minutes.title}
      </h2>
      <p className="no-print">
        <button type="button" onClick={() => window.print()}>
          Print the minute
        </button>{' '}
        <DownloadButton token={token} path={minutesPath(programmeId, meetingId, 'md')} name={`minute-${meetingId}.md`}>
          Download as Markdown
        </DownloadButton>{' '}
        <DownloadButton
          token={token}
          path={minutesPath(programmeId, meetingId, 'pdf')}
          name={`minute-${meetingId}.pdf`}
        >
          Download as PDF
        </DownloadButton>
      </p>
      <dl className="minute-facts">
        <dt>Date</dt>
        <dd>{minutes.date}</dd>
        <dt>Time</dt>
        <dd>{meetingHours(minutes.openedAt, minutes.closedAt)}</dd>
        <dt>Chair</dt>
        <dd>{minutes.chair ? attendee(minutes.chair) : 'not recorded'}</dd>
        <dt>Present</dt>
        <dd>{people(minutes.present)}</dd>
        <dt>Apologies</dt>
        <dd>{people(minutes.apologies)}</dd>
        <dt>Partners</dt>
        <dd>{minutes.attendees.length === 0 ? 'none recorded' : minutes.attendees.map((a) => a.name).join(', ')}</dd>
        <dt>Status</dt>
        <dd>
          {minutes.approval
            ? `Approved as a true record at ${minutes.approval.atMeetingTitle}, ${formatDate(minutes.approval.approvedOn)}`
            : minutes.closedAt
              ? 'Draft: not yet approved'
              : 'Meeting still open'}
        </dd>
      </dl>
      {minutes.agenda.length > 0 && (
        <section aria-labelledby="minute-agenda">
          <h3 id="minute-agenda">Agenda</h3>
          <ol className="minute-agenda">
            {minutes.agenda.map((i) => (
              <li key={i.itemId}>
                {i.title}
                {i.presenter && <span className="meta"> presented by {i.presenter}</span>}
              </li>
            ))}
          </ol>
        </section>
      )}
      <section aria-labelledby="minute-decisions">
        <h3 id="minute-decisions">Decisions</h3>
        {minutes.decisions.length === 0 ? (
          <p className="empty">No decision was recorded.</p>
        ) : (
          <ol className="minute-decisions">
            {minutes.decisions.map((d) => (
              <li key={d.decisionId} className={d.retracted ? 'retracted' : undefined}>
                <strong>{d.summary}</strong>
                {d.retracted && <strong> (retracted)</strong>}
                <IllustrativeTag of={[d]} />
                {d.rationale && <p className="meta">Because: {d.rationale}</p>}
                {d.actions.length > 0 && (
                  <p className="meta">Actions: {d.actions.map((a) => `${a.title} (${a.owner})`).join('; ')}</p>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
      <section aria-labelledby="minute-actions">
        <h3 id="minute-actions">Actions</h3>
        {minutes.actions.length === 0 ? (
          <p className="empty">No action was assigned.</p>
        ) : (
          <TableScroll label="Actions of this meeting">
            <table>
              <thead>
                <tr>
                  <th scope="col">Action</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Due</th>
                  <th scope="col">Status</th>
                  <th scope="col">From decision</th>
                </tr>
              </thead>
              <tbody>
                {minutes.actions.map((a) => (
                  <tr key={a.actionId}>
                    <td>
                      {a.title}
                      <IllustrativeTag of={[a]} />
                    </td>
                    <td>{a.owner}</td>
                    <td>{formatDate(a.dueOn)}</td>
                    <td>{statusWords[a.status]}</td>
                    <td>{a.decisionNumber ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      <section aria-labelledby="minute-record">
        <h3 id="minute-record">Everything recorded while the meeting was open</h3>
        <ol className="minute-items">
          {minutes.items.map((item) => (
            <li key={item.position} className={item.retracted ? 'retracted' : undefined}>
              {item.text}
              {item.retracted && <strong> (retracted)</strong>}
              <IllustrativeTag of={[item]} />{' '}
              <span className="meta">
                recorded {formatDateTime(item.recordedAt)} by {item.actor}
              </span>
            </li>
          ))}
        </ol>
      </section>
      <p className="meta minute-receipt">
        Receipt of the record this minute was made from: <code>{minutes.fingerprint.receipt}</code>
        {minutes.fingerprint.checkpoint &&
          `, signed checkpoint at position ${minutes.fingerprint.checkpoint.position} (${formatDateTime(minutes.fingerprint.checkpoint.signedAt)})`}
        .
      </p>
    </article>
  );
};
