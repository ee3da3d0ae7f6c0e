import { useEffect, useMemo, useRef } from 'react';
import { formatDateTime } from '../format.js';
import { Link } from '../link.js';
import { navigate } from '../router.js';
import { describeEvent, namesOf } from './describe-event.js';
import { CommandForm } from './forms/command-form.js';
import { specOf } from './forms/specs.js';
import { MinuteView } from './minute-view.js';
import type { Workspace } from './workspace.js';

/** Alt+Shift and a letter jumps to a quick-entry form, so the keyboard never leaves the home row. */
const shortcuts: Record<string, string> = {
  D: 'meeting-decision',
  A: 'meeting-action',
  R: 'meeting-rag',
  C: 'meeting-close',
};

const focusForm = (formId: string) =>
  document.querySelector<HTMLElement>(`#${formId} [data-field], #${formId} button[type="submit"]`)?.focus();

/**
 * Meeting mode: open a meeting, record decisions, actions and RAG changes as the room agrees
 * them (the display follows live), close it, and get its minute.
 */
export const MeetingPage = ({ ws }: { ws: Workspace }) => {
  const open = ws.view.meetings.find((m) => m.meetingId === ws.view.openMeetingId) ?? null;
  const minuteOf = new URLSearchParams(window.location.search).get('minute');
  const closed = ws.view.meetings.filter((m) => m.closedAt !== null).reverse();
  const names = useMemo(() => namesOf(ws.view), [ws.view]);
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

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.altKey && e.shiftKey ? shortcuts[e.key.toUpperCase()] : undefined;
      if (target) {
        e.preventDefault();
        focusForm(target);
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
            <p className="meta" id="meeting-keys">
              Keys: <kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>D</kbd> decision, <kbd>A</kbd> action, <kbd>R</kbd> RAG,{' '}
              <kbd>C</kbd> close. <kbd>Enter</kbd> records (<kbd>Ctrl</kbd>+<kbd>Enter</kbd> in a text box).
            </p>
          </section>
          <div className="meeting-grid">
            <CommandForm
              spec={specOf('RecordDecision')}
              formId="meeting-decision"
              title="Decision"
              headingLevel={3}
              compact
              ctx={ws.ctx}
              programmeId={ws.programmeId}
              outbox={ws.outbox}
            />
            <CommandForm
              spec={specOf('AssignAction')}
              formId="meeting-action"
              title="Action"
              headingLevel={3}
              compact
              ctx={ws.ctx}
              programmeId={ws.programmeId}
              outbox={ws.outbox}
            />
            <CommandForm
              spec={specOf('ChangeRag')}
              formId="meeting-rag"
              title="RAG change"
              headingLevel={3}
              compact
              ctx={ws.ctx}
              programmeId={ws.programmeId}
              outbox={ws.outbox}
            />
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
          <CommandForm
            spec={specOf('CloseMeeting')}
            formId="meeting-close"
            title="Close the meeting"
            headingLevel={3}
            compact
            ctx={ws.ctx}
            programmeId={ws.programmeId}
            outbox={ws.outbox}
            fixed={{ meetingId: open.meetingId }}
            fixedText={{ meetingId: open.title }}
          />
        </>
      ) : (
        <CommandForm
          spec={specOf('OpenMeeting')}
          formId="meeting-open"
          compact
          ctx={ws.ctx}
          programmeId={ws.programmeId}
          outbox={ws.outbox}
          headingLevel={3}
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
                <span className="meta">closed {formatDateTime(m.closedAt!)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
};
