import { Fragment, useId, useState } from 'react';
import { DownloadButton } from './download-button.js';
import { VerifyResult } from '@steerlog/contract';
import { ApiError, getJson } from '../api.js';
import { minutesPath, packPath } from './minute-view.js';
import type { Workspace } from './workspace.js';
import { may } from './workspace.js';

/** The auditor's take-aways: the hash-chain check, the NDJSON export, highlight reports and meeting papers. */
export const DownloadsPage = ({ ws }: { ws: Workspace }) => {
  const id = useId();
  const [verified, setVerifyResult] = useState<string | null>(null);
  const [asOf, setAsOf] = useState('');
  const audit = may.audit(ws.who.role);
  const programme = encodeURIComponent(ws.programmeId);
  const reportPath = (format: string) =>
    `/api/programmes/${programme}/reports/highlight?format=${format}${asOf ? `&asOf=${asOf}` : ''}`;
  const verify = () => {
    setVerifyResult('Checking every event’s hash…');
    getJson(ws.token, '/api/audit/verify', VerifyResult).then(
      (r) =>
        setVerifyResult(
          r.ok
            ? `Intact: the hash chain of all ${r.checked} events checks out; nothing stored has been edited.`
            : `TAMPERED: the chain breaks at position ${r.firstBadPosition} (${r.checked} checked).`,
        ),
      (e: unknown) => setVerifyResult(e instanceof ApiError ? `Refused: ${e.message}` : 'The check could not run.'),
    );
  };
  return (
    <>
      <h2 className="page-title">Downloads and verification</h2>
      <section aria-labelledby={`${id}-audit`} className="download-section">
        <h3 id={`${id}-audit`}>The whole record</h3>
        {audit ? (
          <>
            <p>
              <button type="button" className="button-primary" onClick={verify}>
                Verify the hash chain
              </button>{' '}
              <span role="status" className={verified?.startsWith('TAMPERED') ? 'alert' : undefined}>
                {verified}
              </span>
            </p>
            <p>
              <DownloadButton token={ws.token} path="/api/export" name="steerlog-export.ndjson">
                Download the NDJSON export (every programme)
              </DownloadButton>
            </p>
            <p className="meta">The export holds personal data (names of leads and champions): keep it safe.</p>
          </>
        ) : (
          <p className="meta">Verifying the chain and the full export are for auditors and administrators.</p>
        )}
      </section>
      <section aria-labelledby={`${id}-reports`} className="download-section">
        <h3 id={`${id}-reports`}>Highlight reports</h3>
        <div className="field">
          <label htmlFor={`${id}-asof`}>As of (optional)</label>
          <input id={`${id}-asof`} type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
        </div>
        <p>
          <DownloadButton token={ws.token} path={reportPath('csv')} name={`highlight-${ws.programmeId}.csv`}>
            Download as CSV
          </DownloadButton>{' '}
          <DownloadButton token={ws.token} path={reportPath('md')} name={`highlight-${ws.programmeId}.md`}>
            Download as Markdown
          </DownloadButton>{' '}
          <DownloadButton token={ws.token} path={reportPath('pdf')} name={`highlight-${ws.programmeId}.pdf`}>
            Download as PDF
          </DownloadButton>
        </p>
      </section>
      <section aria-labelledby={`${id}-minutes`} className="download-section">
        <h3 id={`${id}-minutes`}>Meeting papers</h3>
        {ws.view.meetings.length === 0 ? (
          <p className="empty">No meetings yet.</p>
        ) : (
          <ul className="plain-list paper-list">
            {[...ws.view.meetings].reverse().map((m) => (
              <li key={m.meetingId}>
                <span className="paper-title">{m.title}</span>{' '}
                <MeetingPapers token={ws.token} programmeId={ws.programmeId} meeting={m} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
};

const formats = [
  { format: 'pdf', words: 'PDF' },
  { format: 'md', words: 'Markdown' },
] as const;

/** A meeting's papers: its board pack (the record as of the meeting's day) and, once it has closed, its minute. */
export const MeetingPapers = ({
  token,
  programmeId,
  meeting,
}: {
  token: string;
  programmeId: string;
  meeting: { meetingId: string; title: string; closedAt: string | null };
}) => {
  const papers = [
    { what: 'Board pack', file: 'board-pack', of: 'for', path: packPath },
    ...(meeting.closedAt === null ? [] : [{ what: 'Minute', file: 'minute', of: 'of', path: minutesPath }]),
  ];
  return papers.flatMap((paper) =>
    formats.map(({ format, words }) => (
      <Fragment key={`${paper.file}-${format}`}>
        <DownloadButton
          token={token}
          path={paper.path(programmeId, meeting.meetingId, format)}
          name={`${paper.file}-${meeting.meetingId}.${format}`}
          label={`${paper.what} (${words}) ${paper.of} ${meeting.title}`}
        >
          {`${paper.what} (${words})`}
        </DownloadButton>{' '}
      </Fragment>
    )),
  );
};
