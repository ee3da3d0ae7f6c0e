import type { ProgrammeView, Rag, RecordedEvent } from '@steerlog/domain';
import { fold, toView } from '@steerlog/domain';

type RagSubjectKind = 'programme' | 'partner' | 'workstream';
type MilestoneChange = 'added' | 'completed' | 'now overdue' | 'rescheduled';

export type Change =
  | { kind: 'rag'; key: string; subject: RagSubjectKind; name: string; before: Rag | null; after: Rag }
  | { kind: 'milestone'; key: string; title: string; what: MilestoneChange; dueOn: string; beforeDueOn: string | null }
  | { kind: 'decision'; key: string; summary: string };

export type SinceLastMeeting = {
  /** The meeting compared with; null when none has closed yet, so there is nothing to compare. */
  meeting: { meetingId: string; title: string; closedAt: string } | null;
  changes: Change[];
  /** Keys (`partner:ID`, `milestone:ID`, ...) of things to highlight on the board. */
  changed: ReadonlySet<string>;
};

export const changeKey = (kind: string, id?: string): string => (id === undefined ? kind : `${kind}:${id}`);

/** The last MeetingClosed still standing: the moment the board last saw the programme. */
const lastClose = (events: readonly RecordedEvent[]) => {
  const retracted = new Set(events.flatMap((e) => (e.type === 'EventRetracted' ? [e.data.eventId] : [])));
  return events.findLast(
    (e): e is Extract<RecordedEvent, { type: 'MeetingClosed' }> => e.type === 'MeetingClosed' && !retracted.has(e.id),
  );
};

const ragChange = (
  subject: RagSubjectKind,
  id: string | undefined,
  name: string,
  before: ProgrammeView['rag'] | undefined,
  after: ProgrammeView['rag'],
): Change[] =>
  after !== null && after.current !== before?.current
    ? [
        {
          kind: 'rag',
          key: changeKey(subject, id),
          subject,
          name,
          before: before?.current ?? null,
          after: after.current,
        },
      ]
    : [];

type MilestoneView = ProgrammeView['workstreams'][number]['milestones'][number];

const milestoneChanges = (before: MilestoneView | undefined, after: MilestoneView): Change[] => {
  const change = (what: MilestoneChange, beforeDueOn: string | null = null): Change => ({
    kind: 'milestone',
    key: changeKey('milestone', after.milestoneId),
    title: after.title,
    what,
    dueOn: after.dueOn,
    beforeDueOn,
  });
  if (before === undefined) return [change('added')];
  const changes: Change[] = [];
  if (before.dueOn !== after.dueOn) changes.push(change('rescheduled', before.dueOn));
  if (before.status !== after.status && after.status === 'done') changes.push(change('completed'));
  if (before.status !== after.status && after.status === 'overdue') changes.push(change('now overdue'));
  return changes;
};

/**
 * What changed between what the board saw when its last meeting closed and `now`: RAG ratings
 * new or moved, milestones added, rescheduled, completed or gone overdue, and decisions recorded.
 * "What the board saw" is the log cut at the MeetingClosed event's position (what was recorded
 * by then), viewed as of the day the meeting closed, so a milestone that has since fallen due
 * shows as newly overdue.
 */
export const changesSinceLastMeeting = (events: readonly RecordedEvent[], now: ProgrammeView): SinceLastMeeting => {
  const close = lastClose(events);
  if (close === undefined) return { meeting: null, changes: [], changed: new Set() };
  const then = toView(fold(events, { atPosition: close.position }), {
    asOf: close.occurredAt,
    knownAt: close.recordedAt,
  });
  const meetingId = close.data.meetingId;
  const title = then.meetings.find((m) => m.meetingId === meetingId)?.title ?? meetingId;

  const partnersThen = new Map(then.partners.map((p) => [p.partnerId, p]));
  const workstreamsThen = new Map(then.workstreams.map((w) => [w.workstreamId, w]));
  const milestonesThen = new Map(then.workstreams.flatMap((w) => w.milestones).map((m) => [m.milestoneId, m]));
  const decisionsThen = new Set(then.decisions.map((d) => d.decisionId));

  const changes: Change[] = [
    ...ragChange('programme', undefined, now.name, then.rag, now.rag),
    ...now.partners.flatMap((p) =>
      ragChange('partner', p.partnerId, p.name, partnersThen.get(p.partnerId)?.rag, p.rag),
    ),
    ...now.workstreams.flatMap((w) =>
      ragChange('workstream', w.workstreamId, w.name, workstreamsThen.get(w.workstreamId)?.rag, w.rag),
    ),
    ...now.workstreams
      .flatMap((w) => w.milestones)
      .flatMap((m) => milestoneChanges(milestonesThen.get(m.milestoneId), m)),
    ...now.decisions
      .filter((d) => !decisionsThen.has(d.decisionId))
      .map((d): Change => ({ kind: 'decision', key: changeKey('decision', d.decisionId), summary: d.summary })),
  ];
  return {
    meeting: { meetingId, title, closedAt: close.occurredAt },
    changes,
    changed: new Set(changes.map((c) => c.key)),
  };
};
