import { z } from 'zod';
import type { CommandType } from './commands.js';
import { Command } from './commands.js';
import type { EventType } from './events.js';
import { DomainEvent, EventMeta } from './events.js';
import { currentSchemaVersion } from './upcast.js';
import { outcomeRecordedBy } from './outcomes/catalogue.js';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
};

const typeOf = (s: JsonSchema): string => {
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum) return s.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  const union = s.anyOf ?? s.oneOf;
  if (union) return union.map(typeOf).join(' \\| ');
  if (s.type === 'array') return `${s.items ? typeOf(s.items) : 'unknown'}[]`;
  if (s.type === 'object' && s.properties)
    return `{${Object.entries(s.properties)
      .map(([k, v]) => `${k}${s.required?.includes(k) ? '' : '?'}: ${typeOf(v)}`)
      .join(', ')}}`;
  const base = Array.isArray(s.type) ? s.type.join(' \\| ') : (s.type ?? 'unknown');
  const range = s.minimum !== undefined || s.maximum !== undefined ? ` ${s.minimum ?? ''}..${s.maximum ?? ''}` : '';
  return `${base}${s.format ? ` (${s.format})` : ''}${range}`;
};

const fields = (schema: z.ZodType) => {
  const json = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as JsonSchema;
  return Object.entries(json.properties ?? {}).map(
    ([name, s]) => `| \`${name}\` | ${typeOf(s)} | ${json.required?.includes(name) ? 'yes' : 'no'} |`,
  );
};

/** The command that records each event (typed, so a new event without its command fails to compile). */
export const recordedBy: Record<EventType, CommandType> = {
  ProgrammeLaunched: 'LaunchProgramme',
  PartnerJoined: 'AddPartner',
  WorkstreamCreated: 'CreateWorkstream',
  MilestoneAdded: 'AddMilestone',
  MilestoneRescheduled: 'RescheduleMilestone',
  MilestoneCompleted: 'CompleteMilestone',
  FundingAllocated: 'AllocateFunding',
  FundingSpent: 'RecordSpend',
  RagChanged: 'ChangeRag',
  MeetingOpened: 'OpenMeeting',
  MeetingClosed: 'CloseMeeting',
  AgendaItemStarted: 'StartAgendaItem',
  AttendanceRecorded: 'RecordAttendance',
  MinutesApproved: 'ApproveMinutes',
  DecisionRecorded: 'RecordDecision',
  ActionAssigned: 'AssignAction',
  ActionCompleted: 'CompleteAction',
  RiskRaised: 'RaiseRisk',
  RiskClosed: 'CloseRisk',
  TrainingDelivered: 'RecordTraining',
  ChampionAppointed: 'AppointChampion',
  MaturityAssessed: 'AssessMaturity',
  HighlightReportSubmitted: 'SubmitHighlightReport',
  EventRetracted: 'RetractEvent',
  PersonAdded: 'AddPerson',
  PersonUpdated: 'UpdatePerson',
  ReportingRoundOpened: 'OpenReportingRound',
  ReportingRoundClosed: 'CloseReportingRound',
  ReminderSent: 'RecordReminderSent',
  ...outcomeRecordedBy,
};

const commandSchema = (type: CommandType) => Command.options.find((c) => c.shape.type.value === type)!;

/**
 * The event catalogue (docs/events.md), generated from the zod schemas so the document cannot
 * drift from the code: a test compares the committed file with this output.
 */
export const eventCatalogue = (): string => {
  const out = [
    '# Event catalogue',
    '',
    'Generated from the zod schemas in `packages/domain/src/events.ts` by `pnpm docs:events`; do not edit by hand.',
    'Every event is stored in the envelope of the contract ("Events as served"); the tables list `data`.',
    '',
    '## Envelope `meta`',
    '',
    '| field | type | required |',
    '| --- | --- | --- |',
    ...fields(EventMeta),
    '',
    'A command sent with `"illustrative": true` (an example or an estimate, not a fact) records every',
    'event it makes with `meta.illustrative: true`; otherwise the field is absent, so earlier events and',
    'their hashes are unchanged. The fold marks what rests on such an event with `illustrative: true`',
    'in the state (omitted when false):',
    '',
    '- a thing created or changed by one stays marked: the programme (launched), a partner, a',
    '  workstream, a milestone (added, rescheduled or completed), an allocation (allocated or spent',
    '  from), a meeting (opened or closed), a decision, an action (assigned or completed), a risk',
    '  (raised or closed), a champion, a training level (any of its sessions), the funding totals',
    '  and a financial year (any of their allocations);',
    '- a value the fold replaces whole carries its own mark, and a later fact replacing it clears',
    "  it: a RAG rating (`rag.illustrative`, and its entry in the RAG history), a partner's latest",
    '  highlight report (`lastReport.illustrative`), a maturity assessment;',
    '- retracting the illustrative event refolds without it, which clears its marks.',
    '',
    "Marks are sticky where values accumulate or where the thing's other values still rest on the",
    'event (a milestone rescheduled illustratively and then for real stays marked): over-marking',
    'an example is safe; passing one off as a fact is not.',
    '',
  ];
  for (const option of DomainEvent.options) {
    const type = option.shape.type.value;
    const command = recordedBy[type];
    out.push(
      `## ${type}`,
      '',
      `Schema version ${currentSchemaVersion[type]}. Recorded by the command \`${command}\`.`,
      '',
      '| event data field | type | always present |',
      '| --- | --- | --- |',
      ...fields(option.shape.data),
      '',
      `Command \`${command}\` data:`,
      '',
      '| command data field | type | required |',
      '| --- | --- | --- |',
      ...fields(commandSchema(command).shape.data),
      '',
    );
  }
  return `${out.join('\n').trimEnd()}\n`;
};
