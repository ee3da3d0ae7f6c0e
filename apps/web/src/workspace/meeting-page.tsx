import { useEffect, useMemo, useRef } from 'react';
import { unapprovedMinutes } from './forms/options.js';
import { formatDate, formatDateTime, formatWhen } from '../format.js';
import { Link } from '../link.js';
import { navigate } from '../router.js';
import { describeEvent, namesOf } from './describe-event.js';
import { MeetingPapers } from './downloads-page.js';
import type { CommandFormProps } from './forms/command-form.js';
import { CommandForm } from './forms/command-form.js';
import { specOf } from './forms/specs.js';
import type { FormCommandType } from './forms/words.js';
import type { AgendaControls } from './meeting-agenda.js';
import { MeetingAgenda } from './meeting-agenda.js';
import { MinuteView } from './minute-view.js';
import type { Workspace } from './workspace.js';

/** Alt+Shift and a letter jumps to a quick-entry form, so the keyboard never leaves the home row. */
const shortcuts: Record<string, string> = {
  D: 'meeting-decision',
  A: 'meeting-action',
  R: 'meeting-rag',
  T: 'meeting-attendance',
  M: 'meeting-approve',
  C: 'meeting-close',
};
/** Alt+Shift+N and P walk the agenda from wherever the keyboard is. */
const agendaKeys: Record<string, 1 | -1> = { N: 1, P: -1 };

const focusForm = (formId: string) =>
  document.querySelector<HTMLElement>(`#${formId} [data-field], #${formId} button[type="submit"]`)?.focus();

/** One of meeting mode's compact forms: a heading of the third level, the workspace's choices and outbox. */
const QuickForm = ({
  type,
  ws,
  ...rest
}: { type: FormCommandType; ws: Workspace } & Omit<
  CommandFormProps,
  'spec' | 'ctx' | 'programmeId' | 'outbox' | 'compact' | 'headingLevel'
>) => (
  <CommandForm
    spec={specOf(type)}
    headingLevel={3}
    compact
    ctx={ws.ctx}
    programmeId={ws.programmeId}
    outbox={ws.outbox}
    {...rest}
  />
);

/**
 * Meeting mode: open a meeting, record decisions, actions and RAG changes as the room agrees
 * them (the display follows live), close it, and get its minute.
 */
export const MeetingPage = ({ ws }: { ws: Workspace }) => {
  const open = ws.view.meetings.find((m) => m.meetingId === ws.view.openMeetingId) ?? null;
  const minuteOf = new URLSearchParams(window.location.search).get('minute');
  const closed = ws.view.meetings.filter((m) => m.closedAt !== null).reverse();
  const names = useMemo(() => namesOf(ws.view), [ws.view]);
  const chair = open?.chairPersonId
    ? (ws.view.people.find((p) => p.personId === open.chairPersonId)?.name ?? null)
    : null;
  const minutesToApprove = unapprovedMinutes(ws.ctx).length > 0;
  const personList = (ids: string[]) =>
    ids.length === 0 ? 'none' : ids.map((id) => ws.view.people.find((p) => p.personId === id)?.name ?? id).join(', ');
  const recorded = useMemo(
    () =>
      open ? ws.events.filter((e) => e.meta.meetingId === open.meetingId && e.type !== 'MeetingOpened').reverse() : [],
    [ws.events, open],
  );

  // Focus follows the meeting: opening it puts the keyboard on the banner that says it is in
  // progress, closing it on its minute (MinuteView), going back on the page's title. Only when the
  // form that was used has gone with the change (focus fell to the body): a meeting opened from
  // another tab never pulls the keyboard away from what this person is typing.
  const bannerHeading = useRef<HTMLHeadingElement>(null);
  const pageTitle = useRef<HTMLHeadingElement>(null);
  const initialMinute = useRef(minuteOf);
  const seen = useRef({ open: open?.meetingId ?? null, minute: minuteOf });
  useEffect(() => {
    const before = seen.current;
    seen.current = { open: open?.meetingId ?? null, minute: minuteOf };
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (minuteOf || !lost) return;
    if (open && before.open !== open.meetingId) bannerHeading.current?.focus();
    else if (before.minute && !minuteOf) pageTitle.current?.focus();
  }, [open, minuteOf]);

  // The live event of the close usually arrives before the answer to the POST, and takes the close
  // form off the page with it: so the page, not the form, moves on to the minute.
  useEffect(
    () =>
      ws.outbox.onOutcome((outcome) => {
        const { command, programmeId } = outcome.item;
        if (outcome.kind === 'recorded' && command.type === 'CloseMeeting' && programmeId === ws.programmeId)
          navigate(
            `/p/${encodeURIComponent(programmeId)}/meeting?minute=${encodeURIComponent(command.data.meetingId)}`,
          );
      }),
    [ws.outbox, ws.programmeId],
  );

  const agenda = useRef<AgendaControls>(null);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || !e.shiftKey) return;
      // e.code, not e.key: with Alt held some layouts type another character.
      const letter = e.code.startsWith('Key') ? e.code.slice(3) : e.key.toUpperCase();
      const target = shortcuts[letter];
      const step = agendaKeys[letter];
      if (target && document.getElementById(target)) {
        e.preventDefault();
        focusForm(target);
      } else if (step && agenda.current) {
        e.preventDefault();
        agenda.current.step(step);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  if (minuteOf)
    return (
      <>
        <p className="no-print">
          <Link href={ws.href('meeting')}>Back to meeting mode</Link>
        </p>
        <MinuteView
          programmeId={ws.programmeId}
          meetingId={minuteOf}
          token={ws.token}
          refresh={ws.live.lastPosition}
          focusOnLoad={minuteOf !== initialMinute.current}
        />
      </>
    );

  return (
    <>
      <h2 className="page-title" ref={pageTitle} tabIndex={-1}>
        Meeting
      </h2>
      {open ? (
        <>
          <section className="meeting-banner" aria-labelledby="meeting-now">
            <h3 id="meeting-now" ref={bannerHeading} tabIndex={-1}>
              <span className="live-tag">IN PROGRESS</span> {open.title}
            </h3>
            <p className="meta">
              Opened {formatDateTime(open.openedAt)}. Everything recorded now belongs to this meeting and appears on the{' '}
              <a href={`/display/${encodeURIComponent(ws.programmeId)}`} target="_blank" rel="opener">
                meeting display<span className="sr-only"> (opens in a new tab)</span>
              </a>{' '}
              at once.
            </p>
            {chair && <p className="meta">Chair: {chair}</p>}
            <p className="meta no-print">
              Papers: <MeetingPapers token={ws.token} programmeId={ws.programmeId} meeting={open} />
            </p>
            <p className="meta" id="meeting-keys">
              Keys: <kbd>Alt</kbd>+<kbd>Shift</kbd>+
              {open.agenda.length > 0 && (
                <>
                  <kbd>N</kbd> next agenda item, <kbd>P</kbd> previous,{' '}
                </>
              )}
              <kbd>D</kbd> decision, <kbd>A</kbd> action, <kbd>R</kbd> RAG, <kbd>T</kbd> attendance,
              {minutesToApprove && (
                <>
                  {' '}
                  <kbd>M</kbd> approve a minute,
                </>
              )}{' '}
              <kbd>C</kbd> close. <kbd>Enter</kbd> records (<kbd>Ctrl</kbd>+<kbd>Enter</kbd> in a text box).
            </p>
          </section>
          {open.agenda.length > 0 && <MeetingAgenda ref={agenda} ws={ws} meeting={open} />}
          <div className="meeting-grid">
            <QuickForm type="RecordDecision" ws={ws} formId="meeting-decision" title="Decision" />
            <QuickForm type="AssignAction" ws={ws} formId="meeting-action" title="Action" />
            <QuickForm type="ChangeRag" ws={ws} formId="meeting-rag" title="RAG change" />
          </div>
          <div className="meeting-grid">
            <QuickForm
              type="RecordAttendance"
              ws={ws}
              formId="meeting-attendance"
              title="Attendance"
              fixed={{ meetingId: open.meetingId }}
              fixedText={{ meetingId: open.title }}
              description={
                <p className="meta">
                  {open.present.length + open.apologies.length === 0
                    ? 'Not recorded yet.'
                    : `Recorded: present ${personList(open.present)}; apologies ${personList(open.apologies)}. Recording again replaces it.`}
                </p>
              }
            />
            {minutesToApprove && (
              <QuickForm
                type="ApproveMinutes"
                ws={ws}
                formId="meeting-approve"
                title="Approve a minute"
                fixed={{ atMeetingId: open.meetingId }}
                fixedText={{ atMeetingId: open.title }}
                description={<p className="meta">The minute of an earlier meeting, agreed here as a true record.</p>}
              />
            )}
          </div>
          <section aria-labelledby="recorded-heading" className="meeting-recorded">
            <h3 id="recorded-heading">Recorded in this meeting ({recorded.length})</h3>
            {recorded.length === 0 ? (
              <p className="empty">Nothing yet.</p>
            ) : (
              <ol reversed className="plain-list">
                {recorded.map((e) => (
                  <li key={e.id}>
                    {describeEvent(e, names)}{' '}
                    <span className="meta">
                      {formatDateTime(e.recordedAt)}, {e.actor}
                    </span>
                  </li>
                ))}
              </ol>
            )}
          </section>
          <QuickForm
            type="CloseMeeting"
            ws={ws}
            formId="meeting-close"
            title="Close the meeting"
            fixed={{ meetingId: open.meetingId }}
            fixedText={{ meetingId: open.title }}
          />
        </>
      ) : (
        <QuickForm
          type="OpenMeeting"
          ws={ws}
          formId="meeting-open"
          description={<p className="meta">No meeting is open. Opening one starts its minute.</p>}
        />
      )}
      <section aria-labelledby="minutes-heading" className="minutes-list">
        <h3 id="minutes-heading">Minutes of past meetings</h3>
        {closed.length === 0 ? (
          <p className="empty">No meeting has closed yet.</p>
        ) : (
          <ul className="plain-list">
            {closed.map((m) => (
              <li key={m.meetingId}>
                <Link href={ws.href('meeting', { minute: m.meetingId })}>{m.title}</Link>{' '}
                <span className="meta">
                  closed {formatWhen(m.closedAt!)}
                  {m.approval ? `, minute approved ${formatDate(m.approval.approvedOn)}` : ', minute not yet approved'}
                </span>{' '}
                <MeetingPapers token={ws.token} programmeId={ws.programmeId} meeting={m} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
};
