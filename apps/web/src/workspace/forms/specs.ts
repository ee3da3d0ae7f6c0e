import { sectorLabels } from '@steerlog/contract';
import type { CommandType, ProgrammeView, RecordedEvent } from '@steerlog/domain';
import { Sector } from '@steerlog/domain';
import { formatDate, formatMoney } from '../../format.js';
import { describeEvent } from '../describe-event.js';

export type Option = { value: string; label: string };

/** What a form's choices are drawn from: the programme as it stands now. */
export type FormContext = { view: ProgrammeView; events: readonly RecordedEvent[] };

export type FieldKind =
  | 'text'
  | 'textarea'
  | 'date'
  | 'slug'
  | 'select'
  | 'radio'
  | 'number'
  | 'pounds'
  | 'lines'
  | 'checkboxes'
  | 'subject'
  | 'upcoming';

export type FieldSpec = {
  /** The key in the command's `data`, or `occurredAt` for the envelope's. */
  name: string;
  label: string;
  kind: FieldKind;
  optional?: boolean;
  hint?: string;
  options?: (ctx: FormContext) => Option[];
  /** Suggestions for a free-text field. */
  suggestions?: (ctx: FormContext) => string[];
  /** An id or other detail a meeting's quick entry leaves out. */
  advanced?: boolean;
  /** The value a fresh form starts with. */
  initial?: (ctx: FormContext) => string | string[];
};

export type FormSpec = {
  type: CommandType;
  title: string;
  submit: string;
  fields: FieldSpec[];
  /** Who may send it beside coordinators: partner leads for their own organisation. */
  partnerMay?: boolean;
};

const today = () => new Date().toISOString().slice(0, 10);

/** The UK financial year (April to March) a date falls in, written `2024/25`. */
export const financialYearOf = (date: string): string => {
  const year = Number(date.slice(0, 4));
  const start = Number(date.slice(5, 7)) >= 4 ? year : year - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
};

export const partnerOptions = ({ view }: FormContext): Option[] =>
  view.partners.map((p) => ({ value: p.partnerId, label: p.name }));
const workstreamOptions = ({ view }: FormContext): Option[] =>
  view.workstreams.map((w) => ({ value: w.workstreamId, label: w.name }));
const openMilestones = ({ view }: FormContext): Option[] =>
  view.workstreams.flatMap((w) =>
    w.milestones
      .filter((m) => m.status !== 'done')
      .map((m) => ({ value: m.milestoneId, label: `${m.title} (${w.name}, due ${formatDate(m.dueOn)})` })),
  );
const allocationOptions = ({ view }: FormContext): Option[] =>
  view.funding.allocations.map((a) => ({
    value: a.allocationId,
    label: `${a.source}, ${a.financialYear}: ${formatMoney(a.amountPence)} (spent ${formatMoney(a.spentPence)})`,
  }));
const openActions = ({ view }: FormContext): Option[] =>
  view.actions
    .filter((a) => a.completedOn === null)
    .map((a) => ({ value: a.actionId, label: `${a.title} (due ${formatDate(a.dueOn)})` }));
const openRisks = ({ view }: FormContext): Option[] =>
  view.risks
    .filter((r) => r.status === 'open')
    .map((r) => ({ value: r.riskId, label: `${r.title} (score ${r.score})` }));
const openMeeting = ({ view }: FormContext): Option[] =>
  view.meetings.filter((m) => m.closedAt === null).map((m) => ({ value: m.meetingId, label: m.title }));
const decisionOptions = ({ view }: FormContext): Option[] =>
  [...view.decisions].reverse().map((d) => ({ value: d.decisionId, label: d.summary }));
const domainSuggestions = ({ view }: FormContext): string[] => [...new Set(view.maturity.map((m) => m.domain))];

/** RAG subjects as one choice: `programme`, `partner:ID` or `workstream:ID`. */
export const subjectOptions = ({ view }: FormContext): Option[] => [
  { value: 'programme', label: `The programme: ${view.name}` },
  ...view.partners.map((p) => ({ value: `partner:${p.partnerId}`, label: `Partner: ${p.name}` })),
  ...view.workstreams.map((w) => ({ value: `workstream:${w.workstreamId}`, label: `Workstream: ${w.name}` })),
];

/** Events a correction may withdraw: not the launch, not a retraction, not one already withdrawn. */
const retractable = ({ events }: FormContext): Option[] => {
  const retracted = new Set(events.flatMap((e) => (e.type === 'EventRetracted' ? [e.data.eventId] : [])));
  return events
    .filter((e) => e.type !== 'ProgrammeLaunched' && e.type !== 'EventRetracted' && !retracted.has(e.id))
    .slice(-200)
    .reverse()
    .map((e) => ({ value: e.id, label: `#${e.position} ${describeEvent(e)}` }));
};

export const ragOptions: Option[] = [
  { value: 'red', label: 'Red' },
  { value: 'amber', label: 'Amber' },
  { value: 'green', label: 'Green' },
];
const scale = (): Option[] =>
  [1, 2, 3, 4, 5].map((n) => ({
    value: String(n),
    label: n === 1 ? '1 (lowest)' : n === 5 ? '5 (highest)' : String(n),
  }));
export const trainingLevels: Option[] = [
  { value: '1', label: 'Level 1: trauma-informed' },
  { value: '2', label: 'Level 2: trauma-skilled' },
  { value: '3', label: 'Level 3: trauma-enhanced' },
  { value: '4', label: 'Level 4: trauma-specialist' },
];
export const maturityLevels: Option[] = [
  { value: 'not-present', label: 'Not present' },
  { value: 'emerging', label: 'Emerging but inconsistent' },
  { value: 'consistently-present', label: 'Consistently present' },
];
const id = (name: string, thing: string): FieldSpec => ({
  name,
  label: `${thing} id`,
  kind: 'slug',
  optional: true,
  advanced: true,
  hint: 'Lower-case letters, digits and dashes. Leave empty and Steerlog chooses one.',
});
const onDate = (name: string, label: string): FieldSpec => ({ name, label, kind: 'date', initial: today });

/** A form for every command of the contract, in the order a programme is usually built. */
export const formSpecs: FormSpec[] = [
  {
    type: 'AddPartner',
    title: 'Add a partner',
    submit: 'Add partner',
    fields: [
      { name: 'name', label: 'Organisation name', kind: 'text' },
      {
        name: 'sector',
        label: 'Sector',
        kind: 'select',
        options: () => Sector.options.map((s) => ({ value: s, label: sectorLabels[s] })),
      },
      {
        name: 'lead',
        label: 'Lead (name or role)',
        kind: 'text',
        optional: true,
        hint: 'Personal data: stored encrypted.',
      },
      id('partnerId', 'Partner'),
    ],
  },
  {
    type: 'CreateWorkstream',
    title: 'Create a workstream',
    submit: 'Create workstream',
    fields: [
      { name: 'name', label: 'Name', kind: 'text' },
      { name: 'leadPartnerId', label: 'Lead partner', kind: 'select', optional: true, options: partnerOptions },
      { name: 'description', label: 'Description', kind: 'textarea', optional: true },
      id('workstreamId', 'Workstream'),
    ],
  },
  {
    type: 'AddMilestone',
    title: 'Add a milestone',
    submit: 'Add milestone',
    fields: [
      { name: 'workstreamId', label: 'Workstream', kind: 'select', options: workstreamOptions },
      { name: 'title', label: 'Title', kind: 'text' },
      { name: 'dueOn', label: 'Due on', kind: 'date' },
      id('milestoneId', 'Milestone'),
    ],
  },
  {
    type: 'RescheduleMilestone',
    title: 'Reschedule a milestone',
    submit: 'Reschedule',
    fields: [
      { name: 'milestoneId', label: 'Milestone', kind: 'select', options: openMilestones },
      { name: 'dueOn', label: 'New due date', kind: 'date' },
      { name: 'reason', label: 'Reason for the slip', kind: 'textarea' },
    ],
  },
  {
    type: 'CompleteMilestone',
    title: 'Complete a milestone',
    submit: 'Mark complete',
    fields: [
      { name: 'milestoneId', label: 'Milestone', kind: 'select', options: openMilestones },
      onDate('completedOn', 'Completed on'),
    ],
  },
  {
    type: 'AllocateFunding',
    title: 'Allocate funding',
    submit: 'Allocate',
    fields: [
      {
        name: 'source',
        label: 'Source',
        kind: 'text',
        hint: 'Who the money comes from, e.g. Scottish Government NTTP.',
      },
      { name: 'amountPence', label: 'Amount (£)', kind: 'pounds', hint: 'In pounds, e.g. 50000 or 1250.50.' },
      {
        name: 'financialYear',
        label: 'Financial year',
        kind: 'text',
        hint: 'April to March, written like 2024/25.',
        initial: () => financialYearOf(today()),
      },
      { name: 'partnerId', label: 'To partner', kind: 'select', optional: true, options: partnerOptions },
      { name: 'workstreamId', label: 'For workstream', kind: 'select', optional: true, options: workstreamOptions },
      { name: 'purpose', label: 'Purpose', kind: 'textarea', optional: true },
      id('allocationId', 'Allocation'),
    ],
  },
  {
    type: 'RecordSpend',
    title: 'Record spend',
    submit: 'Record spend',
    fields: [
      { name: 'allocationId', label: 'Allocation', kind: 'select', options: allocationOptions },
      { name: 'amountPence', label: 'Amount (£)', kind: 'pounds' },
      onDate('spentOn', 'Spent on'),
      { name: 'note', label: 'Note', kind: 'textarea', optional: true },
    ],
  },
  {
    type: 'ChangeRag',
    title: 'Change a RAG rating',
    submit: 'Change RAG',
    partnerMay: true,
    fields: [
      { name: 'subject', label: 'What is rated', kind: 'subject', options: subjectOptions },
      { name: 'rag', label: 'New rating', kind: 'radio', options: () => ragOptions },
      { name: 'reason', label: 'Reason', kind: 'textarea', hint: 'Why: the record keeps it with the rating.' },
    ],
  },
  {
    type: 'OpenMeeting',
    title: 'Open a meeting',
    submit: 'Open meeting',
    fields: [
      { name: 'title', label: 'Title', kind: 'text', hint: 'e.g. Steering group, 5 June 2024' },
      {
        name: 'attendees',
        label: 'Partners attending',
        kind: 'checkboxes',
        options: partnerOptions,
        initial: (ctx) => partnerOptions(ctx).map((o) => o.value),
      },
      id('meetingId', 'Meeting'),
    ],
  },
  {
    type: 'CloseMeeting',
    title: 'Close the meeting',
    submit: 'Close meeting',
    fields: [
      {
        name: 'meetingId',
        label: 'Meeting',
        kind: 'select',
        options: openMeeting,
        initial: (ctx) => ctx.view.openMeetingId ?? '',
      },
    ],
  },
  {
    type: 'RecordDecision',
    title: 'Record a decision',
    submit: 'Record decision',
    fields: [
      { name: 'summary', label: 'Decision', kind: 'textarea', hint: 'What was agreed, in a sentence.' },
      { name: 'rationale', label: 'Rationale', kind: 'textarea', optional: true },
      {
        name: 'alternativesRejected',
        label: 'Alternatives rejected',
        kind: 'lines',
        optional: true,
        hint: 'One per line.',
        advanced: true,
      },
      {
        name: 'conflictsDeclared',
        label: 'Conflicts of interest declared',
        kind: 'lines',
        optional: true,
        hint: 'One per line.',
        advanced: true,
      },
      {
        name: 'meetingId',
        label: 'Meeting',
        kind: 'select',
        optional: true,
        advanced: true,
        options: ({ view }) => view.meetings.map((m) => ({ value: m.meetingId, label: m.title })),
        hint: 'Left empty, a decision recorded during a meeting belongs to it.',
      },
      id('decisionId', 'Decision'),
    ],
  },
  {
    type: 'AssignAction',
    title: 'Assign an action',
    submit: 'Assign action',
    fields: [
      { name: 'title', label: 'Action', kind: 'text' },
      { name: 'ownerPartnerId', label: 'Owner', kind: 'select', options: partnerOptions },
      { name: 'dueOn', label: 'Due on', kind: 'date' },
      { name: 'decisionId', label: 'Follows from decision', kind: 'select', optional: true, options: decisionOptions },
      id('actionId', 'Action'),
    ],
  },
  {
    type: 'CompleteAction',
    title: 'Complete an action',
    submit: 'Mark complete',
    fields: [
      { name: 'actionId', label: 'Action', kind: 'select', options: openActions },
      onDate('completedOn', 'Completed on'),
    ],
  },
  {
    type: 'RaiseRisk',
    title: 'Raise a risk',
    submit: 'Raise risk',
    fields: [
      { name: 'title', label: 'Risk', kind: 'text' },
      { name: 'likelihood', label: 'Likelihood', kind: 'select', options: scale },
      { name: 'impact', label: 'Impact', kind: 'select', options: scale },
      { name: 'ownerPartnerId', label: 'Owner', kind: 'select', optional: true, options: partnerOptions },
      id('riskId', 'Risk'),
    ],
  },
  {
    type: 'CloseRisk',
    title: 'Close a risk',
    submit: 'Close risk',
    fields: [
      { name: 'riskId', label: 'Risk', kind: 'select', options: openRisks },
      { name: 'reason', label: 'Reason', kind: 'textarea' },
    ],
  },
  {
    type: 'RecordTraining',
    title: 'Record training delivered',
    submit: 'Record training',
    partnerMay: true,
    fields: [
      { name: 'partnerId', label: 'Delivered by', kind: 'select', optional: true, options: partnerOptions },
      { name: 'level', label: 'Level', kind: 'select', options: () => trainingLevels },
      {
        name: 'audience',
        label: 'Audience',
        kind: 'text',
        hint: 'Who attended, e.g. managers across adult social care.',
      },
      { name: 'sessions', label: 'Sessions', kind: 'number', initial: () => '1' },
      { name: 'attendees', label: 'Attendees', kind: 'number' },
      onDate('deliveredOn', 'Delivered on'),
    ],
  },
  {
    type: 'AppointChampion',
    title: 'Appoint a champion',
    submit: 'Appoint champion',
    fields: [
      { name: 'partnerId', label: 'Partner', kind: 'select', options: partnerOptions },
      { name: 'name', label: 'Name', kind: 'text', hint: 'Personal data: stored encrypted, erasable.' },
      { name: 'role', label: 'Role', kind: 'text', optional: true },
      id('championId', 'Champion'),
    ],
  },
  {
    type: 'AssessMaturity',
    title: 'Record a self-assessment',
    submit: 'Record assessment',
    partnerMay: true,
    fields: [
      {
        name: 'partnerId',
        label: 'Organisation',
        kind: 'select',
        optional: true,
        options: partnerOptions,
        hint: 'Left empty: the programme as a whole.',
      },
      {
        name: 'domain',
        label: 'Domain',
        kind: 'slug',
        suggestions: domainSuggestions,
        hint: 'e.g. strategic-support, conditions-for-implementation, system-resourcing.',
      },
      { name: 'level', label: 'Level', kind: 'radio', options: () => maturityLevels },
      { name: 'evidence', label: 'Evidence', kind: 'textarea', optional: true },
    ],
  },
  {
    type: 'SubmitHighlightReport',
    title: 'Submit a highlight report',
    submit: 'Submit report',
    partnerMay: true,
    fields: [
      { name: 'partnerId', label: 'Partner', kind: 'select', options: partnerOptions },
      { name: 'lead', label: 'Lead', kind: 'text', hint: 'Who leads this work for the partner (personal data).' },
      { name: 'summary', label: 'Project summary', kind: 'textarea' },
      { name: 'successes', label: 'Successes', kind: 'lines', hint: 'One per line.' },
      {
        name: 'challenges',
        label: 'Current challenges (resources, budget, timescales)',
        kind: 'lines',
        hint: 'One per line.',
      },
      { name: 'upcoming', label: 'Upcoming milestones', kind: 'upcoming' },
    ],
  },
  {
    type: 'RetractEvent',
    title: 'Correct the record (retract an event)',
    submit: 'Retract',
    fields: [
      {
        name: 'eventId',
        label: 'Event to retract',
        kind: 'select',
        options: retractable,
        hint: 'The event stays in the log, marked as retracted; folds leave it out.',
      },
      { name: 'reason', label: 'Reason', kind: 'textarea' },
    ],
  },
];

export const specOf = (type: CommandType): FormSpec => {
  const spec = formSpecs.find((s) => s.type === type);
  if (!spec) throw new Error(`no form for ${type}`);
  return spec;
};

/** LaunchProgramme has its own page: its programme id is the address it is sent to. */
export const launchSpec: FormSpec = {
  type: 'LaunchProgramme',
  title: 'Launch a programme',
  submit: 'Launch programme',
  fields: [
    {
      name: 'programmeId',
      label: 'Programme id',
      kind: 'slug',
      hint: 'Used in addresses, e.g. wy-atr. Cannot be changed later.',
    },
    { name: 'name', label: 'Name', kind: 'text' },
    { name: 'ambition', label: 'Ambition', kind: 'textarea', optional: true },
    { name: 'startsOn', label: 'Starts on', kind: 'date', optional: true },
    { name: 'endsOn', label: 'Ends on', kind: 'date', optional: true },
  ],
};

/** The date field every form carries: when it happened in the world, if not now. */
export const occurredAtField: FieldSpec = {
  name: 'occurredAt',
  label: 'When it happened',
  kind: 'date',
  optional: true,
  advanced: true,
  hint: 'Leave empty for now. A date in the past records a decision taken then; never in the future.',
};
