import type { EventType, MaturityLevel, Rag, Sector } from '@steerlog/domain';
import { outcomeEventLabels } from './outcome-words.js';

/**
 * The words people read, shared by the web client, the minutes and the reports, so a sector, a
 * status or a time reads the same everywhere: labels for codes, UK dates and times, pounds.
 */

export const sectorLabels: Record<Sector, string> = {
  'local-authority': 'Local authority',
  nhs: 'NHS',
  police: 'Police',
  'third-sector': 'Third sector',
  education: 'Education',
  housing: 'Housing',
  justice: 'Justice',
  'national-body': 'National body',
  other: 'Other',
};

export const ragLabels: Record<Rag, string> = { red: 'RED', amber: 'AMBER', green: 'GREEN' };

export const milestoneStatusLabels = { done: 'Done', overdue: 'Overdue', open: 'Open' } as const;

export const maturityLabels: Record<MaturityLevel, string> = {
  'not-present': 'Not present',
  emerging: 'Emerging but inconsistent',
  'consistently-present': 'Consistently present',
};

/** The Scottish national framework's four levels. */
export const trainingLevelLabels: Record<number, string> = {
  1: 'Level 1: trauma-informed',
  2: 'Level 2: trauma-skilled',
  3: 'Level 3: trauma-enhanced',
  4: 'Level 4: trauma-specialist',
};

export const eventTypeLabels: Record<EventType, string> = {
  ProgrammeLaunched: 'Programme launched',
  PartnerJoined: 'Partner joined',
  WorkstreamCreated: 'Workstream created',
  MilestoneAdded: 'Milestone added',
  MilestoneRescheduled: 'Milestone rescheduled',
  MilestoneCompleted: 'Milestone completed',
  FundingAllocated: 'Funding allocated',
  FundingSpent: 'Spend recorded',
  RagChanged: 'RAG rating changed',
  MeetingOpened: 'Meeting opened',
  MeetingClosed: 'Meeting closed',
  AgendaItemStarted: 'Agenda item started',
  AttendanceRecorded: 'Attendance recorded',
  MinutesApproved: 'Minute approved',
  DecisionRecorded: 'Decision recorded',
  ActionAssigned: 'Action assigned',
  ActionCompleted: 'Action completed',
  RiskRaised: 'Risk raised',
  RiskClosed: 'Risk closed',
  TrainingDelivered: 'Training delivered',
  ChampionAppointed: 'Champion appointed',
  MaturityAssessed: 'Self-assessment',
  HighlightReportSubmitted: 'Highlight report',
  EventRetracted: 'Correction (retraction)',
  PersonAdded: 'Person added',
  PersonUpdated: 'Person updated',
  ReportingRoundOpened: 'Reporting round opened',
  ReportingRoundClosed: 'Reporting round closed',
  ReminderSent: 'Reminder sent',
  ...outcomeEventLabels,
};

/** Instants are shown as the programme's people live them: UK time, whatever the machine says. */
export const LONDON = 'Europe/London';

// Calendar dates (`YYYY-MM-DD`) name a day, not an instant: format them in UTC so no time zone moves them.
const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const longDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const instant = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: LONDON });
const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: LONDON });
const londonDay = new Intl.DateTimeFormat('en-GB', { dateStyle: 'short', timeZone: LONDON });
const wholePounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });
const pounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: 2 });

/** `2023-05-31` as `31 May 2023`; a date-time is shown by its UTC day. */
export const formatDate = (date: string): string => day.format(new Date(`${date.slice(0, 10)}T00:00:00Z`));

/** `2023-05-31` as `31 May 2023` with the month in full, for papers. */
export const formatLongDate = (date: string): string => longDay.format(new Date(`${date.slice(0, 10)}T00:00:00Z`));

/** An instant in UK time: `7 Jun 2024, 11:12` (10:12 UTC in summer). */
export const formatDateTime = (iso: string): string => instant.format(new Date(iso));

/** The time of day of an instant in UK time: `10:12`. */
export const formatTime = (iso: string): string => clock.format(new Date(iso));

/**
 * Whether an instant was entered as a day only (`occurredAt: "2022-06-22"` becomes midnight UTC):
 * its time of day is not known, and printing "01:00" would invent one.
 */
export const isDayOnly = (iso: string): boolean => iso.endsWith('T00:00:00.000Z') || iso.endsWith('T00:00:00Z');

/** An instant as its day when only the day was entered, else as day and UK time. */
export const formatWhen = (iso: string): string => (isDayOnly(iso) ? formatDate(iso) : formatDateTime(iso));

/**
 * A meeting's hours in UK time: `10:00 to 11:30, UK time`, `10:00 to (still open)`, or not
 * recorded when the meeting was entered by its day; a meeting that ran past midnight names the day it closed.
 */
export const meetingHours = (openedAt: string, closedAt: string | null): string => {
  if (isDayOnly(openedAt) && (closedAt === null || isDayOnly(closedAt))) return 'not recorded (entered by its date)';
  if (closedAt === null) return `${formatTime(openedAt)} to (still open), UK time`;
  const sameDay = londonDay.format(new Date(openedAt)) === londonDay.format(new Date(closedAt));
  return `${formatTime(openedAt)} to ${sameDay ? formatTime(closedAt) : formatDateTime(closedAt)}, UK time`;
};

/** Integer pence as pounds with thousands separators; pence are shown only when there are some. */
export const formatMoney = (pence: number): string => (pence % 100 === 0 ? wholePounds : pounds).format(pence / 100);

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
