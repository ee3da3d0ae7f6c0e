import { z } from 'zod';
import { AgendaItem } from './agenda.js';
import { PersonAdded, PersonUpdated } from './people.js';
import { ReminderSent, ReportingRoundClosed, ReportingRoundOpened } from './rounds.js';
import { FinancialYear, Instant, IsoDate, MaturityLevel, Rag, RagSubject, Sector, Slug } from './primitives.js';

import { event } from './event-shape.js';
import { outcomeEvents } from './outcomes/events.js';

const text = z.string();
const optionalText = z.string().optional();

export const ProgrammeLaunched = event(
  'ProgrammeLaunched',
  z.object({
    programmeId: Slug,
    name: text,
    ambition: optionalText,
    startsOn: IsoDate.optional(),
    endsOn: IsoDate.optional(),
  }),
);
export const PartnerJoined = event(
  'PartnerJoined',
  z.object({ partnerId: Slug, name: text, sector: Sector, lead: optionalText, leadPersonId: Slug.optional() }),
);
export const WorkstreamCreated = event(
  'WorkstreamCreated',
  z.object({ workstreamId: Slug, name: text, leadPartnerId: Slug.optional(), description: optionalText }),
);
export const MilestoneAdded = event(
  'MilestoneAdded',
  z.object({ milestoneId: Slug, workstreamId: Slug, title: text, dueOn: IsoDate }),
);
export const MilestoneRescheduled = event(
  'MilestoneRescheduled',
  z.object({ milestoneId: Slug, dueOn: IsoDate, previousDueOn: IsoDate, reason: text }),
);
export const MilestoneCompleted = event('MilestoneCompleted', z.object({ milestoneId: Slug, completedOn: IsoDate }));
export const FundingAllocated = event(
  'FundingAllocated',
  z.object({
    allocationId: Slug,
    source: text,
    amountPence: z.number().int().positive(),
    financialYear: FinancialYear,
    partnerId: Slug.optional(),
    workstreamId: Slug.optional(),
    purpose: optionalText,
  }),
);
export const FundingSpent = event(
  'FundingSpent',
  z.object({ allocationId: Slug, amountPence: z.number().int().positive(), spentOn: IsoDate, note: optionalText }),
);
export const RagChanged = event(
  'RagChanged',
  z.object({ subject: RagSubject, rag: Rag, previous: Rag.nullable(), reason: text }),
);
export const MeetingOpened = event(
  'MeetingOpened',
  z.object({
    meetingId: Slug,
    title: text,
    attendees: z.array(Slug),
    agenda: z.array(AgendaItem).optional(),
    chairPersonId: Slug.optional(),
  }),
);
export const MeetingClosed = event('MeetingClosed', z.object({ meetingId: Slug }));
/** The meeting moved on to an agenda item: recorded, so the room's display and everyone following live see it. */
export const AgendaItemStarted = event('AgendaItemStarted', z.object({ meetingId: Slug, itemId: Slug }));
/** Who was present and who sent apologies: the whole list each time, so a correction is a new record. */
export const AttendanceRecorded = event(
  'AttendanceRecorded',
  z.object({ meetingId: Slug, present: z.array(Slug), apologies: z.array(Slug) }),
);
export const MinutesApproved = event('MinutesApproved', z.object({ meetingId: Slug, atMeetingId: Slug }));
export const DecisionRecorded = event(
  'DecisionRecorded',
  z.object({
    decisionId: Slug,
    summary: text,
    rationale: optionalText,
    alternativesRejected: z.array(text),
    conflictsDeclared: z.array(text),
    meetingId: Slug.nullable(),
    evidenceIds: z.array(Slug).optional(),
  }),
);
export const ActionAssigned = event(
  'ActionAssigned',
  z.object({
    actionId: Slug,
    title: text,
    ownerPartnerId: Slug,
    dueOn: IsoDate,
    decisionId: Slug.optional(),
    ownerPersonId: Slug.optional(),
  }),
);
export const ActionCompleted = event('ActionCompleted', z.object({ actionId: Slug, completedOn: IsoDate }));
export const RiskRaised = event(
  'RiskRaised',
  z.object({
    riskId: Slug,
    title: text,
    likelihood: z.number().int().min(1).max(5),
    impact: z.number().int().min(1).max(5),
    ownerPartnerId: Slug.optional(),
    ownerPersonId: Slug.optional(),
  }),
);
export const RiskClosed = event('RiskClosed', z.object({ riskId: Slug, reason: text }));
export const TrainingDelivered = event(
  'TrainingDelivered',
  z.object({
    partnerId: Slug.nullable(),
    level: z.number().int().min(1).max(4),
    audience: text,
    sessions: z.number().int().min(1),
    attendees: z.number().int().min(0),
    deliveredOn: IsoDate,
    evidenceIds: z.array(Slug).optional(),
  }),
);
export const ChampionAppointed = event(
  'ChampionAppointed',
  z.object({ championId: Slug, partnerId: Slug, name: text, role: optionalText, personId: Slug.optional() }),
);
export const MaturityAssessed = event(
  'MaturityAssessed',
  z.object({
    partnerId: Slug.nullable(),
    domain: Slug,
    level: MaturityLevel,
    evidence: optionalText,
    evidenceIds: z.array(Slug).optional(),
  }),
);
export const HighlightReportSubmitted = event(
  'HighlightReportSubmitted',
  z.object({
    partnerId: Slug,
    lead: text,
    summary: text,
    successes: z.array(text),
    challenges: z.array(text),
    upcoming: z.array(z.object({ title: text, dueOn: IsoDate.optional() })),
    roundId: Slug.optional(),
    rag: Rag.optional(),
    evidenceIds: z.array(Slug).optional(),
  }),
);
export const EventRetracted = event(
  'EventRetracted',
  z.object({ eventId: z.uuid(), retractedType: text, reason: text }),
);

export const DomainEvent = z.discriminatedUnion('type', [
  ProgrammeLaunched,
  PartnerJoined,
  WorkstreamCreated,
  MilestoneAdded,
  MilestoneRescheduled,
  MilestoneCompleted,
  FundingAllocated,
  FundingSpent,
  RagChanged,
  MeetingOpened,
  MeetingClosed,
  AgendaItemStarted,
  AttendanceRecorded,
  MinutesApproved,
  DecisionRecorded,
  ActionAssigned,
  ActionCompleted,
  RiskRaised,
  RiskClosed,
  TrainingDelivered,
  ChampionAppointed,
  MaturityAssessed,
  HighlightReportSubmitted,
  EventRetracted,
  PersonAdded,
  PersonUpdated,
  ReportingRoundOpened,
  ReportingRoundClosed,
  ReminderSent,
  ...outcomeEvents,
]);
export type DomainEvent = z.infer<typeof DomainEvent>;
export type EventType = DomainEvent['type'];
export type EventOf<TType extends EventType> = Extract<DomainEvent, { type: TType }>;
export const eventTypes = DomainEvent.options.map((o) => o.shape.type.value);

export const EventMeta = z.object({
  correlationId: z.string(),
  causationId: z.string().nullable(),
  meetingId: Slug.optional(),
  /** Present (and `true`) only on an illustrative event, so other events hash as before. */
  illustrative: z.literal(true).optional(),
  /** On the replacement a `CorrectEvent` recorded: the id of the event it replaces. */
  correctionOf: z.uuid().optional(),
});
export type EventMeta = z.infer<typeof EventMeta>;

/** The stored and served form of an event: the contract's "Events as served". */
export const EventEnvelope = z.object({
  position: z.number().int().positive(),
  programmeId: Slug,
  version: z.number().int().positive(),
  id: z.uuid(),
  type: z.enum(eventTypes as [EventType, ...EventType[]]),
  schemaVersion: z.number().int().positive(),
  occurredAt: Instant,
  recordedAt: Instant,
  actor: z.string(),
  data: z.record(z.string(), z.unknown()),
  meta: EventMeta,
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type EventEnvelope = z.infer<typeof EventEnvelope>;

/** An envelope whose `type` and `data` have been checked against (and upcast to) the current schemas. */
export type RecordedEvent = Omit<EventEnvelope, 'type' | 'data'> & DomainEvent;
