import type { ProgrammeView } from '@steerlog/domain';
import { agendaKindWords } from '@steerlog/domain';
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { formatDate, plural } from '../format.js';
import { openBoardQuestions } from '../display/meeting-record.js';
import type { Workspace } from './workspace.js';

type Meeting = ProgrammeView['meetings'][number];

/** What the meeting page's keys can ask of the agenda. */
export type AgendaControls = { step: (by: 1 | -1) => void };

export const AGENDA_FORM_ID = 'meeting-agenda';

/**
 * The open meeting's agenda, walked item by item: the item under way is marked (and is what the
 * room's display shows), "Next item" starts the one after it. Focus stays on the button that was
 * pressed, so Enter, Enter, Enter walks the whole agenda.
 */
export const MeetingAgenda = forwardRef<AgendaControls, { ws: Workspace; meeting: Meeting }>(({ ws, meeting }, ref) => {
  const { agenda } = meeting;
  // The item asked for and not yet back over the live connection: a second press moves on from it,
  // not from the item the view still shows.
  const [asked, setAsked] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const keys = useRef(new Set<string>());
  useEffect(() => setAsked(null), [meeting.currentItemId]);
  useEffect(
    () =>
      ws.outbox.onOutcome((outcome) => {
        if (!keys.current.delete(outcome.item.key)) return;
        if (outcome.kind === 'refused') {
          setAsked(null);
          setRefusal(outcome.item.problem?.detail ?? outcome.item.problem?.title ?? 'The server refused it.');
          ws.outbox.dismiss(outcome.item.key);
        }
      }),
    [ws.outbox],
  );

  const at = agenda.findIndex((i) => i.itemId === (asked ?? meeting.currentItemId));
  const start = (index: number) => {
    const item = agenda[index];
    if (!item || index === at) return;
    setAsked(item.itemId);
    setRefusal(null);
    keys.current.add(
      ws.outbox.enqueue({
        programmeId: ws.programmeId,
        command: { type: 'StartAgendaItem', data: { meetingId: meeting.meetingId, itemId: item.itemId } },
        label: `Agenda item ${index + 1}: ${item.title}`,
        formId: AGENDA_FORM_ID,
        values: {},
      }),
    );
  };
  const step = (by: 1 | -1) => start(at < 0 ? (by === 1 ? 0 : -1) : at + by);
  useImperativeHandle(ref, () => ({ step }));

  const partner = (id: string | null) => (id ? (ws.view.partners.find((p) => p.partnerId === id)?.name ?? id) : null);
  const current = at < 0 ? null : agenda[at]!;
  const today = new Date().toISOString().slice(0, 10);

  return (
    <section id={AGENDA_FORM_ID} className="meeting-agenda" aria-labelledby="agenda-heading">
      <h3 id="agenda-heading">Agenda</h3>
      <p className="agenda-status" role="status" aria-live="polite">
        {current
          ? `Now: item ${at + 1} of ${agenda.length}, ${current.title}${asked ? ' (sending)' : ''}`
          : `Not started: ${plural(agenda.length, 'item')}.`}
      </p>
      {refusal && (
        <p className="field-error" role="alert">
          Refused: {refusal}
        </p>
      )}
      <ol className="agenda-items">
        {agenda.map((item, i) => (
          <li
            key={item.itemId}
            aria-current={i === at ? 'step' : undefined}
            className={i === at ? 'agenda-current' : ''}
          >
            <button type="button" className="link-button" onClick={() => start(i)} aria-disabled={i === at}>
              {item.title}
            </button>
            <span className="meta">
              {[
                item.kind && agendaKindWords[item.kind] !== item.title ? agendaKindWords[item.kind] : null,
                partner(item.presenterPartnerId),
              ]
                .filter(Boolean)
                .join(', ')}
            </span>
            {item.kind === 'matters-arising' && <Arising item={item} view={ws.view} today={today} />}
          </li>
        ))}
      </ol>
      <div className="agenda-steps">
        {/* aria-disabled, not disabled: the button keeps the keyboard when the walk reaches an end. */}
        <button type="button" onClick={() => step(-1)} aria-disabled={at <= 0}>
          Previous item
        </button>
        <button
          type="button"
          className="button-primary"
          onClick={() => step(1)}
          aria-disabled={at === agenda.length - 1}
        >
          {at < 0 ? 'Start the first item' : 'Next item'}
        </button>
      </div>
    </section>
  );
});
MeetingAgenda.displayName = 'MeetingAgenda';

/**
 * Matters arising as the room takes it: the actions carried forward (done since, or still owed),
 * the returns of open rounds now overdue, and the questions put to the board and not yet answered.
 */
const Arising = ({ item, view, today }: { item: Meeting['agenda'][number]; view: ProgrammeView; today: string }) => {
  const actions = item.arising
    .map((ref) => view.actions.find((a) => a.actionId === ref.id))
    .filter((a) => a !== undefined);
  const partner = (id: string) => view.partners.find((p) => p.partnerId === id)?.name ?? id;
  const overdue = view.reportingRounds
    .filter((r) => r.status === 'open')
    .flatMap((r) => r.returns.filter((x) => x.status === 'overdue').map((x) => `${partner(x.partnerId)} (${r.title})`));
  const questions = openBoardQuestions(view);
  return (
    <>
      {actions.length === 0 ? (
        <p className="meta">No actions carried forward.</p>
      ) : (
        <ul className="arising">
          {actions.map((a) => (
            <li key={a.actionId}>
              {a.title}{' '}
              <span className="meta">
                {a.ownerName ?? partner(a.ownerPartnerId)}, due {formatDate(a.dueOn)}
                {a.completedOn ? `, done ${formatDate(a.completedOn)}` : a.dueOn < today ? ', overdue' : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      {overdue.length > 0 && <p className="meta arising-more">Overdue returns: {overdue.join(', ')}.</p>}
      {questions.length > 0 && (
        <p className="meta arising-more">Questions for the board: {questions.map((q) => q.title).join('; ')}.</p>
      )}
    </>
  );
};
