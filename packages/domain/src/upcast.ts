import type { DomainEvent, EventType } from './events.js';
import { DomainEvent as DomainEventSchema } from './events.js';

/**
 * The schema version each event type is written with today. Bump one when its data changes
 * shape, and add an upcaster from the previous version: stored events are never rewritten.
 */
export const currentSchemaVersion: Readonly<Record<EventType, number>> = {
  ProgrammeLaunched: 1,
  PartnerJoined: 2,
  WorkstreamCreated: 1,
  MilestoneAdded: 1,
  MilestoneRescheduled: 1,
  MilestoneCompleted: 1,
  FundingAllocated: 1,
  FundingSpent: 1,
  RagChanged: 1,
  MeetingOpened: 1,
  MeetingClosed: 1,
  AgendaItemStarted: 1,
  AttendanceRecorded: 1,
  MinutesApproved: 1,
  DecisionRecorded: 1,
  ActionAssigned: 1,
  ActionCompleted: 1,
  RiskRaised: 1,
  RiskClosed: 1,
  TrainingDelivered: 1,
  ChampionAppointed: 1,
  MaturityAssessed: 1,
  HighlightReportSubmitted: 1,
  EventRetracted: 1,
  PersonAdded: 1,
  PersonUpdated: 1,
  ReportingRoundOpened: 1,
  ReportingRoundClosed: 1,
  ReminderSent: 1,
  IndicatorDefined: 1,
  MeasurementRecorded: 1,
  IssueRaised: 1,
  IssueResponded: 1,
  WorkstreamClosed: 1,
  RiskRescored: 1,
  EvidenceAttached: 1,
};

type RawData = Record<string, unknown>;
type Upcaster = (data: RawData) => RawData;

/** `upcasters[type][v]` turns version `v` data into version `v + 1`. */
const upcasters: Partial<Record<EventType, Record<number, Upcaster>>> = {
  // Version 1 of PartnerJoined had no sector; partners recorded then are filed under "other"
  // until a coordinator says otherwise.
  PartnerJoined: { 1: (data) => ({ ...data, sector: 'other' }) },
};

export class UpcastError extends Error {
  override name = 'UpcastError';
}

/**
 * Reads a stored event's type and data at any schema version into today's shape. Throws an
 * `UpcastError` when the stored data cannot be read, which means the store is damaged.
 */
export const upcast = (type: string, schemaVersion: number, data: RawData): DomainEvent => {
  const current = currentSchemaVersion[type as EventType];
  if (current === undefined) throw new UpcastError(`unknown event type ${type}`);
  if (schemaVersion > current)
    throw new UpcastError(`${type} schema version ${schemaVersion} is newer than this server (${current})`);
  let upgraded = data;
  for (let v = schemaVersion; v < current; v++) {
    const step = upcasters[type as EventType]?.[v];
    if (!step) throw new UpcastError(`no upcaster for ${type} from version ${v}`);
    upgraded = step(upgraded);
  }
  const parsed = DomainEventSchema.safeParse({ type, data: upgraded });
  if (!parsed.success)
    throw new UpcastError(`${type} v${schemaVersion} does not match its schema: ${parsed.error.message}`);
  return parsed.data;
};
