import { z } from 'zod';
import type { FoldableEvent } from './evolve.js';
import { Slug } from './primitives.js';

export const subjectKinds = [
  'partner',
  'workstream',
  'milestone',
  'allocation',
  'action',
  'risk',
  'decision',
  'meeting',
  'champion',
  'indicator',
  'issue',
] as const;
export const HistorySubject = z.string().transform((s, ctx) => {
  const [kind, id, ...rest] = s.split(':');
  if (rest.length > 0 || !subjectKinds.includes(kind as (typeof subjectKinds)[number]) || !Slug.safeParse(id).success) {
    ctx.addIssue({ code: 'custom', message: `must be KIND:ID with KIND one of ${subjectKinds.join(', ')}` });
    return z.NEVER;
  }
  return { kind: kind as (typeof subjectKinds)[number], id: id! };
});
export type HistorySubject = z.output<typeof HistorySubject>;

const idField: Record<HistorySubject['kind'], string> = {
  partner: 'partnerId',
  workstream: 'workstreamId',
  milestone: 'milestoneId',
  allocation: 'allocationId',
  action: 'actionId',
  risk: 'riskId',
  decision: 'decisionId',
  meeting: 'meetingId',
  champion: 'championId',
  indicator: 'indicatorId',
  issue: 'issueId',
};

/** Whether an event shaped a thing: created, changed or reported on it (retractions are added by `history`). */
export const concerns = (e: FoldableEvent, subject: HistorySubject): boolean => {
  if (e.type === 'RagChanged')
    return (
      e.data.subject.kind !== 'programme' && e.data.subject.kind === subject.kind && e.data.subject.id === subject.id
    );
  return (e.data as Record<string, unknown>)[idField[subject.kind]] === subject.id;
};

/**
 * The events that shaped one thing, oldest first: those that concern it and the retractions of
 * any of them ("why is this workstream red?").
 */
export const history = <TEvent extends FoldableEvent>(events: readonly TEvent[], subject: HistorySubject): TEvent[] => {
  const ids = new Set<string>();
  return events.filter((e) => {
    if (concerns(e, subject) || (e.type === 'EventRetracted' && ids.has(e.data.eventId))) {
      ids.add(e.id);
      return true;
    }
    return false;
  });
};
