import type { ProgrammeView, RecordedEvent } from '@steerlog/domain';
import { formatDate, formatMoney } from '../../format.js';
import { describeEvent } from '../describe-event.js';
import type { UploadEvidence } from './evidence-upload.js';
import { peopleAndRoundPickers } from './people-round-options.js';

export type Option = { value: string; label: string };

/** What a form's choices are drawn from: the programme as it stands now. */
export type FormContext = {
  view: ProgrammeView;
  events: readonly RecordedEvent[];
  /** Uploads an evidence file, where the page can (a form's evidence list then offers it). */
  uploadEvidence?: UploadEvidence;
};

export const today = () => new Date().toISOString().slice(0, 10);

/** The UK financial year (April to March) a date falls in, written `2024/25`. */
export const financialYearOf = (date: string): string => {
  const year = Number(date.slice(0, 4));
  const start = Number(date.slice(5, 7)) >= 4 ? year : year - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
};

export const partnerOptions = ({ view }: FormContext): Option[] =>
  view.partners.map((p) => ({ value: p.partnerId, label: p.name }));
export const workstreamOptions = ({ view }: FormContext): Option[] =>
  view.workstreams.map((w) => ({ value: w.workstreamId, label: w.name }));
export const openMilestones = ({ view }: FormContext): Option[] =>
  view.workstreams.flatMap((w) =>
    w.milestones
      .filter((m) => m.status !== 'done')
      .map((m) => ({ value: m.milestoneId, label: `${m.title} (${w.name}, due ${formatDate(m.dueOn)})` })),
  );
export const allocationOptions = ({ view }: FormContext): Option[] =>
  view.funding.allocations.map((a) => ({
    value: a.allocationId,
    label: `${a.source}, ${a.financialYear}: ${formatMoney(a.amountPence)} (spent ${formatMoney(a.spentPence)})`,
  }));
export const openActions = ({ view }: FormContext): Option[] =>
  view.actions
    .filter((a) => a.completedOn === null)
    .map((a) => ({ value: a.actionId, label: `${a.title} (due ${formatDate(a.dueOn)})` }));
export const openRisks = ({ view }: FormContext): Option[] =>
  view.risks
    .filter((r) => r.status === 'open')
    .map((r) => ({ value: r.riskId, label: `${r.title} (score ${r.score})` }));
export const allMeetings = ({ view }: FormContext): Option[] =>
  view.meetings.map((m) => ({ value: m.meetingId, label: m.title }));
export const openMeeting = ({ view }: FormContext): Option[] =>
  view.meetings.filter((m) => m.closedAt === null).map((m) => ({ value: m.meetingId, label: m.title }));
/** The items of the open meeting's agenda. */
export const agendaItems = ({ view }: FormContext): Option[] =>
  (view.meetings.find((m) => m.meetingId === view.openMeetingId)?.agenda ?? []).map((i) => ({
    value: i.itemId,
    label: i.title,
  }));
/** Every meeting, the latest first. */
export const allMeetingsLatestFirst = ({ view }: FormContext): Option[] =>
  [...view.meetings].reverse().map((m) => ({ value: m.meetingId, label: m.title }));
/** Closed meetings whose minute has not been approved yet, latest first. */
export const unapprovedMinutes = ({ view }: FormContext): Option[] =>
  view.meetings
    .filter((m) => m.closedAt !== null && m.approval === null)
    .reverse()
    .map((m) => ({ value: m.meetingId, label: m.title }));
export const decisionOptions = ({ view }: FormContext): Option[] =>
  [...view.decisions].reverse().map((d) => ({ value: d.decisionId, label: d.summary }));
export const domainSuggestions = ({ view }: FormContext): string[] => [...new Set(view.maturity.map((m) => m.domain))];

export const indicatorOptions = ({ view }: FormContext): Option[] =>
  view.indicators.map((i) => ({ value: i.indicatorId, label: i.name }));
export const issueOptions = ({ view }: FormContext): Option[] =>
  view.issues.map((i) => ({ value: i.issueId, label: `${i.title} (${i.status})` }));
export const evidenceOptions = ({ view }: FormContext): Option[] =>
  view.evidence.map((e) => ({ value: e.evidenceId, label: e.fileName }));

/** RAG subjects as one choice: `programme`, `partner:ID` or `workstream:ID`. */
export const subjectOptions = ({ view }: FormContext): Option[] => [
  { value: 'programme', label: `The programme: ${view.name}` },
  ...view.partners.map((p) => ({ value: `partner:${p.partnerId}`, label: `Partner: ${p.name}` })),
  ...view.workstreams.map((w) => ({ value: `workstream:${w.workstreamId}`, label: `Workstream: ${w.name}` })),
];

/** Events a correction may withdraw: not the launch, not a retraction, not one already withdrawn. */
export const retractable = ({ events }: FormContext): Option[] => {
  const retracted = new Set(events.flatMap((e) => (e.type === 'EventRetracted' ? [e.data.eventId] : [])));
  return events
    .filter((e) => e.type !== 'ProgrammeLaunched' && e.type !== 'EventRetracted' && !retracted.has(e.id))
    .slice(-200)
    .reverse()
    .map((e) => ({ value: e.id, label: `#${e.position} ${describeEvent(e)}` }));
};

/**
 * Fields that name another thing in the programme: slugs in the schema, chosen from what exists.
 * The only fields whose kind is not read from the schema.
 */
export const pickers: Record<string, { options: (ctx: FormContext) => Option[]; kind?: 'subject' }> = {
  partnerId: { options: partnerOptions },
  leadPartnerId: { options: partnerOptions },
  ownerPartnerId: { options: partnerOptions },
  attendees: { options: partnerOptions },
  workstreamId: { options: workstreamOptions },
  milestoneId: { options: openMilestones },
  allocationId: { options: allocationOptions },
  meetingId: { options: allMeetings },
  decisionId: { options: decisionOptions },
  actionId: { options: openActions },
  riskId: { options: openRisks },
  eventId: { options: retractable },
  raisedByPartnerId: { options: partnerOptions },
  mergedIntoWorkstreamId: { options: workstreamOptions },
  indicatorId: { options: indicatorOptions },
  issueId: { options: issueOptions },
  evidenceIds: { options: evidenceOptions },
  subject: { options: subjectOptions, kind: 'subject' },
  ...peopleAndRoundPickers,
};
