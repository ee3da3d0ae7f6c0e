import type { ProgrammeView } from '@steerlog/domain';
import { useRef } from 'react';
import { formatDate, formatDateTime } from '../format.js';
import { plural } from '@steerlog/contract';
import { IllustrativeTag } from '../illustrative-tag.js';
import { newest, share } from './list-budget.js';
import type { MeetingRecord } from './meeting-record.js';
import { MilestoneStatus } from './milestone-status.js';
import { MoreNote } from './more-note.js';
import { useShrinkToFit } from './use-shrink-to-fit.js';

type Props = { record: MeetingRecord; partners: ProgrammeView['partners'] };

/**
 * The open meeting's decisions and actions as they are recorded; between meetings, the latest
 * meeting's. When they outgrow the panel the oldest give way: the room is discussing the newest.
 */
const MeetingRecordPanel = ({ record, partners }: Props) => {
  const ref = useRef<HTMLElement>(null);
  const room = useShrinkToFit(ref, record.questions.length + record.decisions.length + record.actions.length, record);
  // Open questions come first: the board is asked to answer them now.
  const questionRoom = Math.min(room, record.questions.length);
  const rest = room - questionRoom;
  const [decisionRoom, actionRoom] = share(rest, record.decisions.length, record.actions.length);
  const questions = newest(record.questions, questionRoom);
  const decisions = newest(record.decisions, decisionRoom);
  const actions = newest(record.actions, actionRoom);
  const compact = record.questions.length > 0 && decisions.shown.length === 0 && actions.shown.length === 0;
  const { meeting, open } = record;
  const at = meeting.agenda.findIndex((i) => i.itemId === meeting.currentItemId);
  // The agenda item under way, so the room sees where the meeting is.
  const current = at < 0 ? null : { number: at + 1, title: meeting.agenda[at]!.title };
  const partnerName = (id: string) => partners.find((p) => p.partnerId === id)?.name ?? id;
  return (
    <section ref={ref} className={`panel meeting${open ? ' meeting-open' : ''}`} aria-labelledby="meeting-heading">
      <h2 id="meeting-heading">
        {open ? 'Meeting in progress' : 'Last meeting'}
        <span className="meeting-title">{meeting.title}</span>
        <IllustrativeTag of={[meeting]} />
      </h2>
      <p className="meta">
        {open ? `Opened ${formatDateTime(meeting.openedAt)}` : `Held ${formatDate(meeting.openedAt)}`}
        {open && current && (
          <span className="agenda-now" aria-live="polite">
            {' · '}Now: item {current.number} of {meeting.agenda.length}, {current.title}
          </span>
        )}
      </p>
      {record.questions.length > 0 && (
        <>
          <h3>Questions for the board</h3>
          <MoreNote hidden={questions.hidden} what="earlier question" />
          <ul className="questions">
            {questions.shown.map((q) => (
              <li key={q.issueId}>
                {q.title}
                {q.raisedByPartnerId && <span className="action-meta"> {partnerName(q.raisedByPartnerId)}</span>}
                <IllustrativeTag of={[q]} />
              </li>
            ))}
          </ul>
        </>
      )}
      {compact ? (
        // Beside open questions, the record so far is one line: the questions need the room.
        <p className="meta">
          So far: {plural(record.decisions.length, 'decision')}, {plural(record.actions.length, 'action')}.
        </p>
      ) : (
        <>
          <h3>Decisions</h3>
          <MoreNote hidden={decisions.hidden} what="earlier decision" />
          {record.decisions.length === 0 ? (
            <p className="empty">None recorded{open ? ' yet' : ''}.</p>
          ) : (
            <ol className="decisions">
              {decisions.shown.map((d) => (
                <li key={d.decisionId}>
                  {d.summary}
                  <IllustrativeTag of={[d]} />
                </li>
              ))}
            </ol>
          )}
          <h3>Actions</h3>
          <MoreNote hidden={actions.hidden} what="earlier action" />
          {record.actions.length === 0 ? (
            <p className="empty">None assigned{open ? ' yet' : ''}.</p>
          ) : (
            <ul className="actions">
              {actions.shown.map((a) => (
                <li key={a.actionId}>
                  <span className="action-title">
                    {a.title}
                    <IllustrativeTag of={[a]} />
                  </span>
                  <span className="action-meta">
                    {partnerName(a.ownerPartnerId)} · due {formatDate(a.dueOn)} <MilestoneStatus status={a.status} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
};

export const MeetingPanel = ({ record, partners }: { record: MeetingRecord | null; partners: Props['partners'] }) =>
  record === null ? (
    <section className="panel meeting" aria-labelledby="meeting-heading">
      <h2 id="meeting-heading">Meeting</h2>
      <p className="empty">No meeting recorded yet.</p>
    </section>
  ) : (
    <MeetingRecordPanel record={record} partners={partners} />
  );
