import { useEffect, useRef, useState } from 'react';
import { Minutes } from '@steerlog/contract';
import { ApiError, downloadFile, getJson } from '../api.js';
import { formatDateTime } from '../format.js';
import { IllustrativeTag } from '../illustrative-tag.js';

export const minutesPath = (programmeId: string, meetingId: string, format: 'json' | 'md') =>
  `/api/programmes/${encodeURIComponent(programmeId)}/meetings/${encodeURIComponent(meetingId)}/minutes?format=${format}`;

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
  const [downloaded, setDownloaded] = useState<string | null>(null);
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
        <button
          type="button"
          onClick={() =>
            void downloadFile(token, minutesPath(programmeId, meetingId, 'md'), `minute-${meetingId}.md`).then(
              (name) => setDownloaded(`Downloaded ${name}.`),
              () => setDownloaded('The download failed; try again.'),
            )
          }
        >
          Download as Markdown
        </button>{' '}
        <span role="status">{downloaded}</span>
      </p>
      <dl className="minute-facts">
        <dt>Opened</dt>
        <dd>{formatDateTime(minutes.openedAt)}</dd>
        <dt>Closed</dt>
        <dd>{minutes.closedAt ? formatDateTime(minutes.closedAt) : 'still open'}</dd>
        <dt>Attendees</dt>
        <dd>{minutes.attendees.length === 0 ? 'none recorded' : minutes.attendees.map((a) => a.name).join(', ')}</dd>
      </dl>
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
    </article>
  );
};
