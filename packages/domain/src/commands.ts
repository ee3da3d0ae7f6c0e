import { z } from 'zod';
import { AgendaItemInput } from './agenda.js';
import { command } from './command-envelope.js';
import { AddPerson, UpdatePerson } from './people.js';
import { CloseReportingRound, OpenReportingRound, RecordReminderSent } from './rounds.js';
import {
  FinancialYear,
  IsoDate,
  MaturityLevel,
  Pence,
  Rag,
  RagSubject,
  Sector,
  ShortText,
  Slug,
  Text,
  TextList,
} from './primitives.js';
import { outcomeCommands } from './outcomes/commands.js';
import { EvidenceIds } from './outcomes/primitives.js';

export const LaunchProgramme = command(
  'LaunchProgramme',
  z.strictObject({
    name: ShortText,
    ambition: Text.optional(),
    startsOn: IsoDate.optional(),
    endsOn: IsoDate.optional(),
  }),
);
export const AddPartner = command(
  'AddPartner',
  z.strictObject({
    partnerId: Slug.optional(),
    name: ShortText,
    sector: Sector,
    lead: ShortText.optional(),
    leadPersonId: Slug.optional(),
  }),
);
export const CreateWorkstream = command(
  'CreateWorkstream',
  z.strictObject({
    workstreamId: Slug.optional(),
    name: ShortText,
    leadPartnerId: Slug.optional(),
    description: Text.optional(),
  }),
);
export const AddMilestone = command(
  'AddMilestone',
  z.strictObject({ milestoneId: Slug.optional(), workstreamId: Slug, title: ShortText, dueOn: IsoDate }),
);
export const RescheduleMilestone = command(
  'RescheduleMilestone',
  z.strictObject({ milestoneId: Slug, dueOn: IsoDate, reason: Text }),
);
export const CompleteMilestone = command(
  'CompleteMilestone',
  z.strictObject({ milestoneId: Slug, completedOn: IsoDate }),
);
export const AllocateFunding = command(
  'AllocateFunding',
  z.strictObject({
    allocationId: Slug.optional(),
    source: ShortText,
    amountPence: Pence,
    financialYear: FinancialYear,
    partnerId: Slug.optional(),
    workstreamId: Slug.optional(),
    purpose: Text.optional(),
  }),
);
export const RecordSpend = command(
  'RecordSpend',
  z.strictObject({ allocationId: Slug, amountPence: Pence, spentOn: IsoDate, note: Text.optional() }),
);
export const ChangeRag = command('ChangeRag', z.strictObject({ subject: RagSubject, rag: Rag, reason: Text }));
export const OpenMeeting = command(
  'OpenMeeting',
  z.strictObject({
    meetingId: Slug.optional(),
    title: ShortText,
    attendees: z.array(Slug).max(200),
    agenda: z.array(AgendaItemInput).max(50).optional(),
    chairPersonId: Slug.optional(),
  }),
);
export const CloseMeeting = command('CloseMeeting', z.strictObject({ meetingId: Slug }));
export const StartAgendaItem = command('StartAgendaItem', z.strictObject({ meetingId: Slug, itemId: Slug }));
export const RecordAttendance = command(
  'RecordAttendance',
  z.strictObject({ meetingId: Slug, present: z.array(Slug).max(200), apologies: z.array(Slug).max(200) }),
);
export const ApproveMinutes = command('ApproveMinutes', z.strictObject({ meetingId: Slug, atMeetingId: Slug }));
export const RecordDecision = command(
  'RecordDecision',
  z.strictObject({
    decisionId: Slug.optional(),
    summary: Text,
    rationale: Text.optional(),
    alternativesRejected: TextList.optional(),
    conflictsDeclared: TextList.optional(),
    meetingId: Slug.optional(),
    evidenceIds: EvidenceIds.optional(),
  }),
);
export const AssignAction = command(
  'AssignAction',
  z.strictObject({
    actionId: Slug.optional(),
    title: ShortText,
    ownerPartnerId: Slug,
    dueOn: IsoDate,
    decisionId: Slug.optional(),
    ownerPersonId: Slug.optional(),
  }),
);
export const CompleteAction = command('CompleteAction', z.strictObject({ actionId: Slug, completedOn: IsoDate }));
export const RaiseRisk = command(
  'RaiseRisk',
  z.strictObject({
    riskId: Slug.optional(),
    title: ShortText,
    likelihood: z.number().int().min(1).max(5),
    impact: z.number().int().min(1).max(5),
    ownerPartnerId: Slug.optional(),
    ownerPersonId: Slug.optional(),
  }),
);
export const CloseRisk = command('CloseRisk', z.strictObject({ riskId: Slug, reason: Text }));
export const RecordTraining = command(
  'RecordTraining',
  z.strictObject({
    partnerId: Slug.optional(),
    level: z.number().int().min(1).max(4),
    audience: ShortText,
    sessions: z.number().int().min(1).max(1_000_000),
    attendees: z.number().int().min(0).max(10_000_000),
    deliveredOn: IsoDate,
    evidenceIds: EvidenceIds.optional(),
  }),
);
export const AppointChampion = command(
  'AppointChampion',
  z.strictObject({
    championId: Slug.optional(),
    partnerId: Slug,
    name: ShortText,
    role: ShortText.optional(),
    personId: Slug.optional(),
  }),
);
export const AssessMaturity = command(
  'AssessMaturity',
  z.strictObject({
    partnerId: Slug.optional(),
    domain: Slug,
    level: MaturityLevel,
    evidence: Text.optional(),
    evidenceIds: EvidenceIds.optional(),
  }),
);
export const SubmitHighlightReport = command(
  'SubmitHighlightReport',
  z.strictObject({
    partnerId: Slug,
    lead: ShortText,
    summary: Text,
    successes: TextList,
    challenges: TextList,
    upcoming: z.array(z.strictObject({ title: ShortText, dueOn: IsoDate.optional() })).max(50),
    roundId: Slug.optional(),
    /** The partner's overall rating in this report; the same as before re-affirms it. */
    rag: Rag.optional(),
    /** Evidence attached before (contract v2 "Evidence"). */
    evidenceIds: EvidenceIds.optional(),
  }),
);
export const RetractEvent = command('RetractEvent', z.strictObject({ eventId: z.uuid(), reason: Text }));

export const Command = z.discriminatedUnion('type', [
  LaunchProgramme,
  AddPartner,
  CreateWorkstream,
  AddMilestone,
  RescheduleMilestone,
  CompleteMilestone,
  AllocateFunding,
  RecordSpend,
  ChangeRag,
  OpenMeeting,
  CloseMeeting,
  StartAgendaItem,
  RecordAttendance,
  ApproveMinutes,
  RecordDecision,
  AssignAction,
  CompleteAction,
  RaiseRisk,
  CloseRisk,
  RecordTraining,
  AppointChampion,
  AssessMaturity,
  SubmitHighlightReport,
  RetractEvent,
  AddPerson,
  UpdatePerson,
  OpenReportingRound,
  CloseReportingRound,
  RecordReminderSent,
  ...outcomeCommands,
]);
export type Command = z.infer<typeof Command>;
export type CommandType = Command['type'];
