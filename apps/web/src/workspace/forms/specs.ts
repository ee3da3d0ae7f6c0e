import { maturityLabels, ragLabels, sectorLabels, trainingLevelLabels } from '@steerlog/contract';
import type { CommandType, ProgrammeView, RecordedEvent } from '@steerlog/domain';
import { Command, MaturityLevel, Rag, Sector } from '@steerlog/domain';
import type { z } from 'zod';
import { formatDate, formatMoney } from '../../format.js';
import { describeEvent } from '../describe-event.js';
import type { DerivedField, Shape } from './derive.js';
import { deriveFields } from './derive.js';

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
  | 'checkbox'
  | 'checkboxes'
  | 'subject'
  | 'rows';

export type FieldSpec = {
  /** The key in the command's `data`, or in its envelope (`occurredAt`). */
  name: string;
  where: DerivedField['where'];
  label: string;
  kind: FieldKind;
  optional?: boolean;
  hint?: string;
  options?: (ctx: FormContext) => Option[];
  /** Choices whose values are numbers in the command (a 1 to 5 scale). */
  numeric?: boolean;
  /** Bounds of a number, from the schema. */
  integer?: boolean;
  min?: number | null;
  max?: number | null;
  /** A checkbox whose schema takes only `true`: unticked, the field is left out. */
  onlyTrue?: boolean;
  /** The cells of each row of a repeatable field; `{n}` in a cell's label is the row's number. */
  cells?: FieldSpec[];
  /** What one row is called: "Milestone" ("Add another milestone"). */
  rowLabel?: string;
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
const allMeetings = ({ view }: FormContext): Option[] =>
  view.meetings.map((m) => ({ value: m.meetingId, label: m.title }));
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

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();

/** The words for an enum's values, from the shared label tables, found by the schema itself. */
const enumLabels = new Map<z.ZodType, Record<string, string>>([
  [Sector, sectorLabels],
  [MaturityLevel, maturityLabels],
  [Rag, Object.fromEntries(Rag.options.map((r) => [r, capitalised(ragLabels[r])]))],
]);

export const ragOptions: Option[] = Rag.options.map((r) => ({ value: r, label: capitalised(ragLabels[r]) }));
export const trainingLevels: Option[] = Object.entries(trainingLevelLabels).map(([value, label]) => ({ value, label }));
export const maturityLevels: Option[] = MaturityLevel.options.map((m) => ({ value: m, label: maturityLabels[m] }));
const scaleLabels: Record<string, string> = { 1: '1 (lowest)', 5: '5 (highest)' };

/**
 * Fields that name another thing in the programme: slugs in the schema, chosen from what exists.
 * The only fields whose kind is not read from the schema.
 */
const pickers: Record<string, { options: (ctx: FormContext) => Option[]; kind?: FieldKind }> = {
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
  subject: { options: subjectOptions, kind: 'subject' },
};

/** Envelope fields the client fills in itself, never typed. */
const setByClient = new Set(['expectedVersion']);

/** The words of one field: what it is called and how it is explained. Not its shape. */
type Words = {
  label?: string;
  hint?: string;
  /** The id the new thing will have, chosen by the user or left to Steerlog. */
  newId?: string;
  advanced?: boolean;
  /** Few choices shown at once, as radio buttons. */
  radio?: boolean;
  optionLabels?: Record<string, string>;
  options?: (ctx: FormContext) => Option[];
  suggestions?: (ctx: FormContext) => string[];
  initial?: (ctx: FormContext) => string | string[];
  rowLabel?: string;
  cells?: Record<string, Words>;
};
type FormWords = { title: string; submit: string; partnerMay?: boolean; fields: Record<string, Words> };

const lines = { hint: 'One per line.' };
const onDate = (label: string): Words => ({ label, initial: today });
const newId = (thing: string): Words => ({ newId: thing });

/** Words every form shares for the envelope's fields. */
const envelopeWords: Record<string, Words> = {
  occurredAt: {
    label: 'When it happened',
    hint: 'Leave empty for now. A date in the past records a decision taken then; never in the future.',
  },
  illustrative: {
    label: 'Illustrative value',
    hint: 'An example or estimate, not a recorded fact: it is marked as illustrative wherever it is shown.',
  },
};

/** The words of every form, in the order a programme is usually built. */
const words: Record<CommandType, FormWords> = {
  LaunchProgramme: {
    title: 'Launch a programme',
    submit: 'Launch programme',
    fields: { name: {}, ambition: {}, startsOn: {}, endsOn: {} },
  },
  AddPartner: {
    title: 'Add a partner',
    submit: 'Add partner',
    fields: {
      name: { label: 'Organisation name' },
      lead: { label: 'Lead (name or role)', hint: 'Personal data: stored encrypted.' },
      partnerId: newId('Partner'),
    },
  },
  CreateWorkstream: {
    title: 'Create a workstream',
    submit: 'Create workstream',
    fields: { leadPartnerId: { label: 'Lead partner' }, workstreamId: newId('Workstream') },
  },
  AddMilestone: {
    title: 'Add a milestone',
    submit: 'Add milestone',
    fields: { workstreamId: { label: 'Workstream' }, milestoneId: newId('Milestone') },
  },
  RescheduleMilestone: {
    title: 'Reschedule a milestone',
    submit: 'Reschedule',
    fields: { dueOn: { label: 'New due date' }, reason: { label: 'Reason for the slip' } },
  },
  CompleteMilestone: {
    title: 'Complete a milestone',
    submit: 'Mark complete',
    fields: { completedOn: onDate('Completed on') },
  },
  AllocateFunding: {
    title: 'Allocate funding',
    submit: 'Allocate',
    fields: {
      source: { hint: 'Who the money comes from, e.g. Scottish Government NTTP.' },
      amountPence: { hint: 'In pounds, e.g. 50000 or 1250.50.' },
      financialYear: {
        hint: 'April to March, written like 2024/25.',
        initial: () => financialYearOf(today()),
      },
      partnerId: { label: 'To partner' },
      workstreamId: { label: 'For workstream' },
      allocationId: newId('Allocation'),
    },
  },
  RecordSpend: {
    title: 'Record spend',
    submit: 'Record spend',
    fields: { spentOn: onDate('Spent on') },
  },
  ChangeRag: {
    title: 'Change a RAG rating',
    submit: 'Change RAG',
    partnerMay: true,
    fields: {
      subject: { label: 'What is rated' },
      rag: { label: 'New rating', radio: true },
      reason: { hint: 'Why: the record keeps it with the rating.' },
    },
  },
  OpenMeeting: {
    title: 'Open a meeting',
    submit: 'Open meeting',
    fields: {
      title: { hint: 'e.g. Steering group, 5 June 2024' },
      attendees: { label: 'Partners attending', initial: (ctx) => partnerOptions(ctx).map((o) => o.value) },
      meetingId: newId('Meeting'),
    },
  },
  CloseMeeting: {
    title: 'Close the meeting',
    submit: 'Close meeting',
    fields: { meetingId: { options: openMeeting, initial: (ctx) => ctx.view.openMeetingId ?? '' } },
  },
  RecordDecision: {
    title: 'Record a decision',
    submit: 'Record decision',
    fields: {
      summary: { label: 'Decision', hint: 'What was agreed, in a sentence.' },
      alternativesRejected: { ...lines, advanced: true },
      conflictsDeclared: { label: 'Conflicts of interest declared', ...lines, advanced: true },
      meetingId: { advanced: true, hint: 'Left empty, a decision recorded during a meeting belongs to it.' },
      decisionId: newId('Decision'),
    },
  },
  AssignAction: {
    title: 'Assign an action',
    submit: 'Assign action',
    fields: {
      title: { label: 'Action' },
      ownerPartnerId: { label: 'Owner' },
      decisionId: { label: 'Follows from decision' },
      actionId: newId('Action'),
    },
  },
  CompleteAction: {
    title: 'Complete an action',
    submit: 'Mark complete',
    fields: { actionId: { label: 'Action' }, completedOn: onDate('Completed on') },
  },
  RaiseRisk: {
    title: 'Raise a risk',
    submit: 'Raise risk',
    fields: {
      title: { label: 'Risk' },
      likelihood: { optionLabels: scaleLabels },
      impact: { optionLabels: scaleLabels },
      ownerPartnerId: { label: 'Owner' },
      riskId: newId('Risk'),
    },
  },
  CloseRisk: { title: 'Close a risk', submit: 'Close risk', fields: { riskId: { label: 'Risk' } } },
  RecordTraining: {
    title: 'Record training delivered',
    submit: 'Record training',
    partnerMay: true,
    fields: {
      partnerId: { label: 'Delivered by' },
      level: { optionLabels: trainingLevelLabels },
      audience: { hint: 'Who attended, e.g. managers across adult social care.' },
      sessions: { initial: () => '1' },
      deliveredOn: onDate('Delivered on'),
    },
  },
  AppointChampion: {
    title: 'Appoint a champion',
    submit: 'Appoint champion',
    fields: {
      name: { hint: 'Personal data: stored encrypted, erasable.' },
      championId: newId('Champion'),
    },
  },
  AssessMaturity: {
    title: 'Record a self-assessment',
    submit: 'Record assessment',
    partnerMay: true,
    fields: {
      partnerId: { label: 'Organisation', hint: 'Left empty: the programme as a whole.' },
      domain: {
        suggestions: domainSuggestions,
        hint: 'e.g. strategic-support, conditions-for-implementation, system-resourcing.',
      },
      level: { radio: true },
    },
  },
  SubmitHighlightReport: {
    title: 'Submit a highlight report',
    submit: 'Submit report',
    partnerMay: true,
    fields: {
      lead: { hint: 'Who leads this work for the partner (personal data).' },
      summary: { label: 'Project summary' },
      successes: lines,
      challenges: { label: 'Current challenges (resources, budget, timescales)', ...lines },
      upcoming: {
        label: 'Upcoming milestones',
        rowLabel: 'Milestone',
        cells: { title: { label: 'Milestone {n}' }, dueOn: { label: 'Milestone {n} due' } },
      },
    },
  },
  RetractEvent: {
    title: 'Correct the record (retract an event)',
    submit: 'Retract',
    fields: {
      eventId: {
        label: 'Event to retract',
        hint: 'The event stays in the log, marked as retracted; folds leave it out.',
      },
    },
  },
};

/** A field name as words, when no label is given: `dueOn` → "Due on". */
const wordsOf = (name: string) => capitalised(name.replace(/([A-Z])/g, ' $1'));

/** Strings longer than a line's worth are typed in a box of several lines. */
const LONG_TEXT = 200;

const optionsOf = (shape: Extract<Shape, { kind: 'enum' }>, w: Words): Option[] => {
  const labels = w.optionLabels ?? enumLabels.get(shape.schema) ?? {};
  return shape.values.map((v) => ({ value: String(v), label: labels[String(v)] ?? wordsOf(String(v)) }));
};

/** Shapes a reference takes: a slug, a list of them, an id of another format (uuid) or a subject object. */
const refersToAThing = (shape: Shape): boolean =>
  shape.kind === 'slug' ||
  shape.kind === 'other' ||
  (shape.kind === 'text' && shape.format !== null) ||
  (shape.kind === 'list' && shape.item.kind === 'slug');

export type Unrenderable = { type: CommandType; field: string; shape: string };

/** One field's spec from its shape and its words, or why no input can take it. */
const fieldSpec = (type: CommandType, f: DerivedField, w: Words): FieldSpec | Unrenderable => {
  const base = {
    name: f.name,
    where: f.where,
    label: w.label ?? wordsOf(pickers[f.name] && refersToAThing(f.shape) ? f.name.replace(/Id$/, '') : f.name),
    optional: f.optional,
    ...(w.hint !== undefined && { hint: w.hint }),
    ...((w.advanced ?? f.where === 'envelope') && { advanced: true }),
    ...(w.initial && { initial: w.initial }),
    ...(w.suggestions && { suggestions: w.suggestions }),
  };
  const cannot = { type, field: f.name, shape: f.shape.kind === 'other' ? f.shape.type : f.shape.kind };
  const { shape } = f;
  const picker = w.newId === undefined && refersToAThing(shape) ? pickers[f.name] : undefined;
  if (picker)
    return {
      ...base,
      kind: picker.kind ?? (shape.kind === 'list' ? 'checkboxes' : 'select'),
      options: w.options ?? picker.options,
    };
  switch (shape.kind) {
    case 'slug':
      return w.newId === undefined
        ? { ...base, kind: 'slug' }
        : {
            ...base,
            label: `${w.newId} id`,
            kind: 'slug',
            advanced: true,
            hint: 'Lower-case letters, digits and dashes. Leave empty and Steerlog chooses one.',
          };
    case 'text':
      return { ...base, kind: shape.maxLength !== null && shape.maxLength > LONG_TEXT ? 'textarea' : 'text' };
    case 'date':
      return { ...base, kind: 'date' };
    case 'number':
      return shape.pence
        ? { ...base, kind: 'pounds', label: w.label ?? 'Amount (£)' }
        : { ...base, kind: 'number', integer: shape.integer, min: shape.min, max: shape.max };
    case 'enum':
      return {
        ...base,
        kind: w.radio ? 'radio' : 'select',
        options: () => optionsOf(shape, w),
        ...(shape.values.some((v) => typeof v === 'number') && { numeric: true }),
      };
    case 'flag':
      return { ...base, kind: 'checkbox', onlyTrue: shape.onlyTrue };
    case 'list':
      return shape.item.kind === 'text' || shape.item.kind === 'slug' ? { ...base, kind: 'lines' } : cannot;
    case 'rows': {
      const cells = shape.fields.map((c) => fieldSpec(type, c, w.cells?.[c.name] ?? {}));
      const ok = cells.every((c): c is FieldSpec => 'kind' in c && rowCellKinds.has(c.kind));
      return ok ? { ...base, kind: 'rows', cells, rowLabel: w.rowLabel ?? 'Item' } : cannot;
    }
    case 'other':
      return cannot;
  }
};

/** What a cell of a repeatable row can be. */
const rowCellKinds = new Set<FieldKind>(['text', 'textarea', 'slug', 'date', 'number', 'pounds', 'select']);

const schemaOf = (type: CommandType): z.ZodObject => {
  const schema = Command.options.find((o) => o.shape.type.value === type);
  if (!schema) throw new Error(`no command ${type}`);
  return schema;
};

/** A command's form from its schema (the domain's, unless a test gives another) and its words. */
export const deriveForm = (type: CommandType, schema: z.ZodObject = schemaOf(type)) => {
  const w = words[type];
  const made = deriveFields(schema)
    .filter((f) => !(f.where === 'envelope' && setByClient.has(f.name)))
    .map((f) => fieldSpec(type, f, (f.where === 'envelope' ? envelopeWords : w.fields)[f.name] ?? {}));
  const fields = made.filter((f): f is FieldSpec => 'kind' in f);
  const unrenderable = made.filter((f): f is Unrenderable => !('kind' in f));
  // What is always typed comes first, then details, the new thing's id, the envelope; each in schema order.
  const rank = (f: FieldSpec) =>
    f.where === 'envelope' ? 3 : w.fields[f.name]?.newId !== undefined ? 2 : f.advanced ? 1 : 0;
  const ordered = fields
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
    .map(({ f }) => f);
  const spec: FormSpec = {
    type,
    title: w.title,
    submit: w.submit,
    fields: ordered,
    ...(w.partnerMay && { partnerMay: true }),
  };
  return { spec, unrenderable };
};

/** Every command type, from the domain's union. */
export const commandTypes: CommandType[] = Command.options.map((o) => o.shape.type.value);

/** Fields of a command that no input of the form can take: a schema change the form must learn. */
export const unrenderableFields = (): Unrenderable[] => commandTypes.flatMap((t) => deriveForm(t).unrenderable);

/** Words for a field the schema no longer has: a renamed or removed field whose form would lose its words. */
export const wordsWithoutField = (): string[] =>
  commandTypes.flatMap((t) => {
    const names = new Set(deriveFields(schemaOf(t)).map((f) => f.name));
    return Object.keys(words[t].fields)
      .filter((n) => !names.has(n))
      .map((n) => `${t}.${n}`);
  });

/** A form for every command of the contract but the launch, in the order a programme is usually built. */
export const formSpecs: FormSpec[] = (Object.keys(words) as CommandType[])
  .filter((t) => t !== 'LaunchProgramme')
  .map((t) => deriveForm(t).spec);

export const specOf = (type: CommandType): FormSpec => {
  const spec = formSpecs.find((s) => s.type === type);
  if (!spec) throw new Error(`no form for ${type}`);
  return spec;
};

/**
 * LaunchProgramme has its own page: its programme id is the address it is sent to, so it is a
 * field of the form and not of the schema; what it says about other times is left to later commands.
 */
export const launchSpec: FormSpec = (() => {
  const { spec } = deriveForm('LaunchProgramme');
  const programmeId: FieldSpec = {
    name: 'programmeId',
    where: 'data',
    label: 'Programme id',
    kind: 'slug',
    hint: 'Used in addresses, e.g. wy-atr. Cannot be changed later.',
  };
  return { ...spec, fields: [programmeId, ...spec.fields.filter((f) => f.where === 'data')] };
})();
