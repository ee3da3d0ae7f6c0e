import { useRef } from 'react';
import { formatDate } from '../format.js';
import { RagBadge } from '../rag.js';
import { MoreNote } from './more-note.js';
import type { Change, SinceLastMeeting } from './since-last-meeting.js';
import { useShrinkToFit } from './use-shrink-to-fit.js';

const subjectWords = { programme: 'Programme', partner: 'Partner', workstream: 'Workstream' } as const;

const ChangeLine = ({ change }: { change: Change }) => {
  switch (change.kind) {
    case 'rag':
      return (
        <>
          <span className="change-kind">{subjectWords[change.subject]}</span> {change.name}:{' '}
          {change.before === null ? (
            'rated '
          ) : (
            <>
              <RagBadge rag={change.before} size="small" /> to{' '}
            </>
          )}
          <RagBadge rag={change.after} size="small" />
        </>
      );
    case 'milestone':
      return (
        <>
          <span className="change-kind">Milestone {change.what}</span> {change.title}
          {change.what === 'rescheduled' && change.beforeDueOn !== null && (
            <>
              {' '}
              to {formatDate(change.dueOn)} (was {formatDate(change.beforeDueOn)})
            </>
          )}
          {change.what === 'added' && <>, due {formatDate(change.dueOn)}</>}
        </>
      );
    case 'decision':
      return (
        <>
          <span className="change-kind">Decision</span> {change.summary}
        </>
      );
  }
};

/** The changes, most important first (programme, partners, workstreams, milestones, decisions), as many as fit. */
export const ChangesPanel = ({ since }: { since: SinceLastMeeting }) => {
  const ref = useRef<HTMLElement>(null);
  const shown = since.changes.slice(0, useShrinkToFit(ref, since.changes.length, since));
  return (
    <section ref={ref} className="panel changes" aria-labelledby="changes-heading">
      <h2 id="changes-heading">Since the last meeting</h2>
      {since.meeting === null ? (
        <p className="empty">No meeting has closed yet.</p>
      ) : (
        <>
          <p className="meta" title={since.meeting.title}>
            Since the meeting closed on {formatDate(since.meeting.closedAt)}
          </p>
          {since.changes.length === 0 ? (
            <p className="empty">Nothing has changed since then.</p>
          ) : (
            <ul className="change-list">
              {shown.map((c) => (
                <li key={`${c.key}:${c.kind === 'milestone' ? c.what : c.kind}`}>
                  <ChangeLine change={c} />
                </li>
              ))}
            </ul>
          )}
          <MoreNote hidden={since.changes.length - shown.length} what="more change" />
        </>
      )}
    </section>
  );
};
