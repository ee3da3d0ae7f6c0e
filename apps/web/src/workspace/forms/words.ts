import { maturityLabels, ragLabels, sectorLabels, trainingLevelLabels } from '@steerlog/contract';
import type { CommandType } from '@steerlog/domain';
import { agendaKindWords, MaturityLevel, Rag, Sector } from '@steerlog/domain';
import type { z } from 'zod';
import type { FormContext, Option } from './options.js';
import {
  agendaItems,
  allMeetingsLatestFirst,
  domainSuggestions,
  financialYearOf,
  openMeeting,
  partnerOptions,
  today,
  unapprovedMinutes,
} from './options.js';
import { peopleAndRoundWords } from './people-round-words.js';
import { outcomeWords } from './outcome-words.js';

/*
 * What people read on the forms: titles, labels, hints and the words for choices. Words are not
 * shape: kinds, required-ness, choices and bounds come from the command schemas (specs.ts).
 */

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();

/** The words for an enum's values, from the shared label tables, found by the schema itself. */
export const enumLabels = new Map<z.ZodType, Record<string, string>>([
  [Sector, sectorLabels],
  [MaturityLevel, maturityLabels],
  [Rag, Object.fromEntries(Rag.options.map((r) => [r, capitalised(ragLabels[r])]))],
]);

export const trainingLevels: Option[] = Object.entries(trainingLevelLabels).map(([value, label]) => ({ value, label }));
export const maturityLevels: Option[] = MaturityLevel.options.map((m) => ({ value: m, label: maturityLabels[m] }));
const scaleLabels: Record<string, string> = { 1: '1 (lowest)', 5: '5 (highest)' };

/** The words of one field: what it is called and how it is explained. Not its shape. */
export type Words = {
  label?: string;
  hint?: string;
  /** The id the new thing will have, chosen by the user or left to Steerlog. */
  newId?: string;
  advanced?: boolean;
  /** Few choices shown at once, as radio buttons. */
  radio?: boolean;
  optionLabels?: Record<string, string>;
  /** For a yes/no the command may leave out: what leaving it out means ("Leave as it is"). */
  unsetLabel?: string;
  options?: (ctx: FormContext) => Option[];
  suggestions?: (ctx: FormContext) => string[];
  initial?: (ctx: FormContext) => string | string[];
  rowLabel?: string;
  cells?: Record<string, Words>;
};
export type FormWords = { title: string; submit: string; partnerMay?: boolean; fields: Record<string, Words> };

const lines = { hint: 'One per line.' };
const onDate = (label: string): Words => ({ label, initial: today });
const newId = (thing: string): Words => ({ newId: thing });

/** Words every form shares for the envelope's fields. */
export const envelopeWords: Record<string, Words> = {
  occurredAt: {
    label: 'When it happened',
    hint: 'Leave empty for now. A date in the past records what happened then, as a late entry; never in the future.',
  },
  illustrative: {
    label: 'Illustrative value',
    hint: 'An example or estimate, not a recorded fact: it is marked as illustrative wherever it is shown.',
  },
};

/** The words of every form, in the order a programme is usually built. */
/**
 * Commands with no form of their own: evidence is attached by uploading a file, and a correction
 * opens the form of the command that made the entry, filled in with what it recorded.
 */
export const withoutForm = ['AttachEvidence', 'CorrectEvent'] as const;
export type FormCommandType = Exclude<CommandType, (typeof withoutForm)[number]>;

export const words: Record<FormCommandType, FormWords> = {
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
    fields: { milestoneId: newId('Milestone') },
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
      chairPersonId: { label: 'Chair' },
      agenda: {
        label: 'Agenda',
        hint: 'Matters arising is added first, with every action not yet done.',
        rowLabel: 'Agenda item',
        cells: {
          title: { label: 'Agenda item {n}' },
          kind: { label: 'Agenda item {n} kind', optionLabels: agendaKindWords },
          presenterPartnerId: { label: 'Agenda item {n} presenter' },
          itemId: { label: 'Agenda item {n} id', advanced: true },
        },
      },
    },
  },
  CloseMeeting: {
    title: 'Close the meeting',
    submit: 'Close meeting',
    fields: { meetingId: { options: openMeeting, initial: (ctx) => ctx.view.openMeetingId ?? '' } },
  },
  StartAgendaItem: {
    title: 'Move to an agenda item',
    submit: 'Start item',
    fields: {
      meetingId: { options: openMeeting, initial: (ctx) => ctx.view.openMeetingId ?? '' },
      itemId: { label: 'Agenda item', options: agendaItems },
    },
  },
  RecordAttendance: {
    title: 'Record attendance',
    submit: 'Record attendance',
    fields: {
      meetingId: { options: allMeetingsLatestFirst, initial: (ctx) => ctx.view.openMeetingId ?? '' },
      present: { label: 'Present' },
      apologies: { label: 'Apologies' },
    },
  },
  ApproveMinutes: {
    title: 'Approve the minute of a past meeting',
    submit: 'Approve minute',
    fields: {
      meetingId: {
        label: 'Minute of',
        options: unapprovedMinutes,
        // The latest minute not yet approved: the one a meeting usually approves.
        initial: (ctx) => unapprovedMinutes(ctx)[0]?.value ?? '',
      },
      atMeetingId: { label: 'Approved at', options: openMeeting, initial: (ctx) => ctx.view.openMeetingId ?? '' },
    },
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
    fields: { completedOn: onDate('Completed on') },
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
  CloseRisk: { title: 'Close a risk', submit: 'Close risk', fields: {} },
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
      rag: { label: 'Overall RAG', radio: true },
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
  ...peopleAndRoundWords,
  ...outcomeWords,
};

/** A field name as words, when no label is given: `dueOn` → "Due on". */
export const wordsOf = (name: string) => capitalised(name.replace(/([A-Z])/g, ' $1'));
