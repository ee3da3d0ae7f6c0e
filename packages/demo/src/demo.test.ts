import { Command, endOf, toView } from '@steerlog/domain';
import { MemoryLog } from '@steerlog/domain/testing';
import { describe, expect, it } from 'vitest';
import { commandToSend, demoProgrammes, demoSchedule, documentFacts } from './index.js';
import type { DemoCommand, DemoProgramme } from './types.js';

const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const today = new Date().toISOString().slice(0, 10);

/** The data fields of each command, from the contract's Commands table. */
const contractFields: Record<string, readonly string[]> = {
  LaunchProgramme: ['name', 'ambition', 'startsOn', 'endsOn'],
  AddPartner: ['partnerId', 'name', 'sector', 'lead'],
  CreateWorkstream: ['workstreamId', 'name', 'leadPartnerId', 'description'],
  AddMilestone: ['milestoneId', 'workstreamId', 'title', 'dueOn'],
  RescheduleMilestone: ['milestoneId', 'dueOn', 'reason'],
  CompleteMilestone: ['milestoneId', 'completedOn'],
  AllocateFunding: ['allocationId', 'source', 'amountPence', 'financialYear', 'partnerId', 'workstreamId', 'purpose'],
  RecordSpend: ['allocationId', 'amountPence', 'spentOn', 'note'],
  ChangeRag: ['subject', 'rag', 'reason'],
  OpenMeeting: ['meetingId', 'title', 'attendees', 'agenda', 'chairPersonId'],
  RecordAttendance: ['meetingId', 'present', 'apologies'],
  StartAgendaItem: ['meetingId', 'itemId'],
  ApproveMinutes: ['meetingId', 'atMeetingId'],
  CloseMeeting: ['meetingId'],
  RecordDecision: ['decisionId', 'summary', 'rationale', 'alternativesRejected', 'conflictsDeclared', 'meetingId'],
  AssignAction: ['actionId', 'title', 'ownerPartnerId', 'dueOn', 'decisionId'],
  CompleteAction: ['actionId', 'completedOn'],
  RaiseRisk: ['riskId', 'title', 'likelihood', 'impact', 'ownerPartnerId'],
  CloseRisk: ['riskId', 'reason'],
  RecordTraining: ['partnerId', 'level', 'audience', 'sessions', 'attendees', 'deliveredOn'],
  AppointChampion: ['championId', 'partnerId', 'name', 'role'],
  AssessMaturity: ['partnerId', 'domain', 'level', 'evidence'],
  SubmitHighlightReport: [
    'partnerId',
    'lead',
    'summary',
    'successes',
    'challenges',
    'upcoming',
    'roundId',
    'rag',
    'evidenceIds',
  ],
  RetractEvent: ['eventId', 'reason'],
  AddPerson: ['personId', 'name', 'email', 'partnerId', 'role', 'receivesReminders'],
  OpenReportingRound: ['roundId', 'title', 'periodFrom', 'periodTo', 'dueOn', 'partnerIds'],
  CloseReportingRound: ['roundId'],
  DefineIndicator: ['indicatorId', 'name', 'unit', 'direction', 'baseline', 'target', 'ownerPartnerId', 'workstreamId'],
  RecordMeasurement: ['indicatorId', 'value', 'on', 'note', 'evidenceIds'],
  RaiseIssue: ['issueId', 'kind', 'title', 'detail', 'raisedByPartnerId', 'addressedTo', 'workstreamId'],
  RespondToIssue: ['issueId', 'response', 'status', 'decisionId'],
  CorrectEvent: ['eventId', 'reason', 'replacement'],
};

/** The id field a command creates, and the kind of thing it names. */
const creates: Record<string, [field: string, kind: string]> = {
  AddPartner: ['partnerId', 'partner'],
  CreateWorkstream: ['workstreamId', 'workstream'],
  AddMilestone: ['milestoneId', 'milestone'],
  AllocateFunding: ['allocationId', 'allocation'],
  OpenMeeting: ['meetingId', 'meeting'],
  RecordDecision: ['decisionId', 'decision'],
  AssignAction: ['actionId', 'action'],
  RaiseRisk: ['riskId', 'risk'],
  AppointChampion: ['championId', 'champion'],
  AddPerson: ['personId', 'person'],
  OpenReportingRound: ['roundId', 'round'],
  DefineIndicator: ['indicatorId', 'indicator'],
  RaiseIssue: ['issueId', 'issue'],
};

/** Fields that refer to something created earlier. */
const references: Record<string, [field: string, kind: string][]> = {
  CreateWorkstream: [['leadPartnerId', 'partner']],
  AddMilestone: [['workstreamId', 'workstream']],
  RescheduleMilestone: [['milestoneId', 'milestone']],
  CompleteMilestone: [['milestoneId', 'milestone']],
  AllocateFunding: [
    ['partnerId', 'partner'],
    ['workstreamId', 'workstream'],
  ],
  RecordSpend: [['allocationId', 'allocation']],
  OpenMeeting: [['attendees', 'partner']],
  CloseMeeting: [['meetingId', 'meeting']],
  RecordDecision: [['meetingId', 'meeting']],
  RecordAttendance: [
    ['meetingId', 'meeting'],
    ['present', 'person'],
    ['apologies', 'person'],
  ],
  StartAgendaItem: [['meetingId', 'meeting']],
  ApproveMinutes: [
    ['meetingId', 'meeting'],
    ['atMeetingId', 'meeting'],
  ],
  AssignAction: [
    ['ownerPartnerId', 'partner'],
    ['decisionId', 'decision'],
  ],
  CompleteAction: [['actionId', 'action']],
  RaiseRisk: [['ownerPartnerId', 'partner']],
  CloseRisk: [['riskId', 'risk']],
  RecordTraining: [['partnerId', 'partner']],
  AppointChampion: [['partnerId', 'partner']],
  AssessMaturity: [['partnerId', 'partner']],
  SubmitHighlightReport: [
    ['partnerId', 'partner'],
    ['roundId', 'round'],
  ],
  AddPerson: [['partnerId', 'partner']],
  OpenReportingRound: [['partnerIds', 'partner']],
  CloseReportingRound: [['roundId', 'round']],
  DefineIndicator: [
    ['ownerPartnerId', 'partner'],
    ['workstreamId', 'workstream'],
  ],
  RecordMeasurement: [['indicatorId', 'indicator']],
  RaiseIssue: [
    ['raisedByPartnerId', 'partner'],
    ['workstreamId', 'workstream'],
  ],
  RespondToIssue: [['issueId', 'issue']],
};

/** Date fields that record something that has happened, so cannot be in the future. */
const pastDateFields = ['completedOn', 'spentOn', 'deliveredOn'];
const dateFields = [...pastDateFields, 'startsOn', 'endsOn', 'dueOn', 'periodFrom', 'periodTo', 'on'];

const isDay = (value: unknown): boolean =>
  typeof value === 'string' && DAY.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

const isPositiveInt = (value: unknown): boolean => Number.isInteger(value) && (value as number) > 0;

/**
 * Walks one programme's commands in recording order, as the command handler would, and lists
 * every way a command would be refused or is malformed. An empty list means the sequence is sound.
 */
const problemsOf = (programme: DemoProgramme): string[] => {
  const problems: string[] = [];
  const ids = new Map<string, Set<string>>();
  const known = (kind: string) => ids.get(kind) ?? ids.set(kind, new Set()).get(kind)!;
  const lastRag = new Map<string, string>();
  const allocated = new Map<string, number>();
  const spent = new Map<string, number>();
  const completed = new Set<string>();
  let openMeeting: string | null = null;
  let lastRecordedAt = '';
  /** What each completing command completed, so that retracting it reopens the thing. */
  const completedBy = new Map<number, string>();

  for (const [index, command] of programme.commands.entries()) {
    const at = `#${index} ${command.type}`;
    const data = command.data as Record<string, unknown>;
    const say = (message: string) => problems.push(`${at}: ${message}`);

    if ((index === 0) !== (command.type === 'LaunchProgramme')) say('LaunchProgramme must come first, once');
    const allowed = contractFields[command.type];
    if (!allowed) {
      say('unknown command type');
      continue;
    }
    for (const key of Object.keys(data)) if (!allowed.includes(key)) say(`field ${key} is not in the contract`);
    if (!isDay(command.occurredAt)) say(`occurredAt ${command.occurredAt} is not a date`);
    else if (command.occurredAt > today || command.occurredAt < '2020-01-01')
      say(`occurredAt ${command.occurredAt} is not a plausible document date`);
    if (!command.actor) say('no actor');
    if (Number.isNaN(Date.parse(command.recordedAt))) say(`recordedAt ${command.recordedAt} is not an instant`);
    else {
      if (command.recordedAt < `${command.occurredAt}T00:00:00.000Z`) say('recorded before it happened');
      if (command.recordedAt <= lastRecordedAt) say('recorded out of order');
      if (command.recordedAt > new Date().toISOString()) say('recorded in the future');
      lastRecordedAt = command.recordedAt;
    }
    // A value the documents do not give is marked for every read, not only in free text.
    if (/illustrative/i.test(JSON.stringify(data)) && !command.illustrative)
      say('says "illustrative" in its text but is not recorded with illustrative: true');

    for (const field of dateFields) {
      if (!(field in data)) continue;
      if (!isDay(data[field])) say(`${field} ${String(data[field])} is not a date`);
      else if (pastDateFields.includes(field) && (data[field] as string) > today) say(`${field} is in the future`);
    }

    for (const [field, kind] of references[command.type] ?? []) {
      const value = data[field];
      if (value === undefined) continue;
      for (const id of Array.isArray(value) ? value : [value]) {
        if (!known(kind).has(id as string)) say(`${field} ${String(id)} refers to no earlier ${kind}`);
      }
    }

    const created = creates[command.type];
    if (created) {
      const [field, kind] = created;
      const id = data[field];
      if (typeof id !== 'string' || !SLUG.test(id)) say(`${field} ${String(id)} is not an explicit slug`);
      else if (known(kind).has(id)) say(`duplicate ${kind} ${id}`);
      else known(kind).add(id);
    }

    switch (command.type) {
      case 'AllocateFunding': {
        const { amountPence, financialYear, allocationId } = command.data;
        if (!isPositiveInt(amountPence)) say('amountPence must be integer pence > 0');
        const match = /^(\d{4})\/(\d{2})$/.exec(financialYear);
        if (!match || (Number(match[1]) + 1) % 100 !== Number(match[2])) say(`financial year ${financialYear}`);
        if (allocationId !== undefined) allocated.set(allocationId, amountPence);
        break;
      }
      case 'RecordSpend': {
        const { allocationId, amountPence } = command.data;
        if (!isPositiveInt(amountPence)) say('amountPence must be integer pence > 0');
        const total = (spent.get(allocationId) ?? 0) + amountPence;
        spent.set(allocationId, total);
        if (total > (allocated.get(allocationId) ?? 0)) say(`overspend on ${allocationId}`);
        if (!/illustrative/i.test(command.data.note ?? '')) say('spend note must say illustrative');
        if (!command.illustrative) say('a spend is illustrative: no document gives one');
        break;
      }
      case 'ChangeRag': {
        const { subject, rag, reason } = command.data;
        const key = subject.kind === 'programme' ? 'programme' : `${subject.kind}:${subject.id}`;
        if (subject.kind !== 'programme' && !known(subject.kind).has(subject.id))
          say(`RAG subject ${key} does not exist`);
        if (lastRag.get(key) === rag) say(`RAG for ${key} is already ${rag}`);
        lastRag.set(key, rag);
        if (!/illustrative/i.test(reason)) say('RAG reason must say illustrative: no document gives a RAG');
        if (!command.illustrative) say('a RAG is illustrative: no document gives one');
        break;
      }
      case 'OpenMeeting':
        if (openMeeting) say(`meeting ${openMeeting} is still open`);
        if (command.data.attendees.length === 0) say('meeting without attendees');
        openMeeting = command.data.meetingId ?? null;
        break;
      case 'CloseMeeting':
        if (openMeeting !== command.data.meetingId) say(`closes ${command.data.meetingId}, open is ${openMeeting}`);
        openMeeting = null;
        break;
      case 'CompleteMilestone':
      case 'RescheduleMilestone': {
        const key = `milestone:${command.data.milestoneId}`;
        if (completed.has(key)) say(`milestone ${command.data.milestoneId} already completed`);
        if (command.type === 'CompleteMilestone') {
          completed.add(key);
          completedBy.set(index, key);
        }
        break;
      }
      case 'CompleteAction':
        if (completed.has(`action:${command.data.actionId}`)) say('action already completed');
        completed.add(`action:${command.data.actionId}`);
        break;
      case 'CloseRisk':
        if (completed.has(`risk:${command.data.riskId}`)) say('risk already closed');
        completed.add(`risk:${command.data.riskId}`);
        break;
      case 'RaiseRisk':
        for (const score of [command.data.likelihood, command.data.impact])
          if (!Number.isInteger(score) || score < 1 || score > 5) say('risk scores are 1-5');
        if (!command.illustrative) say('risk scores are illustrative: no document gives one');
        break;
      case 'CorrectEvent':
        if (command.target === undefined || command.target >= index) say('a correction names an earlier command');
        else if (programme.commands[command.target]?.type !== command.data.replacement.type)
          say('a correction replaces with a command of the same type');
        break;
      case 'RetractEvent':
        if (command.target === undefined || command.target >= index) say('a retraction names an earlier command');
        else completed.delete(completedBy.get(command.target) ?? '');
        break;
      case 'RecordTraining': {
        const { level, sessions, attendees } = command.data;
        if (![1, 2, 3, 4].includes(level)) say('training level is 1-4');
        if (!isPositiveInt(sessions)) say('sessions must be an integer >= 1');
        if (!Number.isInteger(attendees) || attendees < 0) say('attendees must be an integer >= 0');
        break;
      }
      case 'AssessMaturity':
        if (!SLUG.test(command.data.domain)) say(`domain ${command.data.domain} is not a slug`);
        break;
      case 'LaunchProgramme':
      case 'AddPartner':
      case 'CreateWorkstream':
      case 'AddMilestone':
      case 'RecordDecision':
      case 'AssignAction':
      case 'AppointChampion':
      case 'SubmitHighlightReport':
      case 'StartAgendaItem':
      case 'ApproveMinutes':
      case 'RecordAttendance':
      case 'AddPerson':
      case 'UpdatePerson':
      case 'OpenReportingRound':
      case 'CloseReportingRound':
      case 'RecordReminderSent':
      case 'DefineIndicator':
      case 'RecordMeasurement':
      case 'RaiseIssue':
      case 'RespondToIssue':
      case 'CloseWorkstream':
      case 'RescoreRisk':
      case 'AttachEvidence':
        break;
    }
  }
  if (openMeeting) problems.push(`meeting ${openMeeting} is never closed`);
  return problems;
};

const commandsOf = (programmeId: string) => demoProgrammes.find((p) => p.programmeId === programmeId)?.commands ?? [];
const ofType = <TType extends DemoCommand['type']>(programmeId: string, type: TType) =>
  commandsOf(programmeId).filter((c): c is Extract<DemoCommand, { type: TType }> => c.type === type);

describe('demo programmes: command shapes', () => {
  it('has the three programmes, each with a distinct slug id', () => {
    expect(demoProgrammes.map((p) => p.programmeId)).toEqual([
      'dundee-tsg',
      'trauma-informed-somerset',
      'nttp-readiness',
    ]);
    expect(Object.keys(documentFacts).sort()).toEqual(demoProgrammes.map((p) => p.programmeId).sort());
  });

  describe.each(demoProgrammes.map((p) => [p.programmeId, p] as const))('%s', (_id, programme) => {
    it('is a sequence the command handler would accept', () => {
      expect(problemsOf(programme)).toEqual([]);
    });

    it('is a programme, not a data dump: 40 to 120 commands', () => {
      expect(programme.commands.length).toBeGreaterThanOrEqual(40);
      expect(programme.commands.length).toBeLessThanOrEqual(120);
    });

    it('has meetings with decisions and actions, and RAG changes with reasons', () => {
      const types = new Set(programme.commands.map((c) => c.type));
      for (const type of ['OpenMeeting', 'RecordDecision', 'AssignAction', 'ChangeRag', 'AddMilestone'])
        expect(types).toContain(type);
    });
  });

  it('catches what the handler would refuse', () => {
    const bad: DemoProgramme = {
      programmeId: 'bad',
      commands: [
        {
          type: 'LaunchProgramme',
          data: { name: 'x' },
          occurredAt: '2022-01-01',
          recordedAt: '2022-01-01T10:00:00.000Z',
          actor: 'a',
        },
        {
          type: 'AddMilestone',
          data: { milestoneId: 'm', workstreamId: 'nope', title: 't', dueOn: '2022-02-30' },
          occurredAt: '2022-01-01',
          recordedAt: '2022-01-01T10:01:00.000Z',
          actor: 'a',
        },
        {
          type: 'ChangeRag',
          data: { subject: { kind: 'programme' }, rag: 'red', reason: 'illustrative' },
          occurredAt: '2022-01-01',
          recordedAt: '2022-01-01T10:02:00.000Z',
          actor: 'a',
        },
        {
          type: 'ChangeRag',
          data: { subject: { kind: 'programme' }, rag: 'red', reason: 'no reason given' },
          occurredAt: '2999-01-01',
          recordedAt: '2022-01-01T10:03:00.000Z',
          actor: 'a',
        },
        {
          type: 'OpenMeeting',
          data: { meetingId: 'm1', title: 't', attendees: ['ghost'] },
          occurredAt: '2022-01-01',
          recordedAt: '2022-01-01T10:03:00.000Z',
          actor: 'a',
        },
      ],
    };
    const problems = problemsOf(bad).join('\n');
    expect(problems).toContain('workstreamId nope refers to no earlier workstream');
    expect(problems).toContain('dueOn 2022-02-30 is not a date');
    expect(problems).toContain('already red');
    expect(problems).toContain('must say illustrative');
    expect(problems).toContain('not a plausible document date');
    expect(problems).toContain('attendees ghost refers to no earlier partner');
    expect(problems).toContain('meeting m1 is never closed');
    expect(problems).toContain('is not recorded with illustrative: true');
    expect(problems).toContain('a RAG is illustrative');
    expect(problems).toContain('recorded before it happened');
    expect(problems).toContain('recorded out of order');
  });
});

describe("demo programmes: the documents' figures are in the commands", () => {
  it('Dundee: £50k for 2021/22 and £50k for 2022/23 (000 §4.2.2)', () => {
    const facts = documentFacts['dundee-tsg'];
    const byYear: Record<string, number> = {};
    for (const c of ofType('dundee-tsg', 'AllocateFunding'))
      byYear[c.data.financialYear] = (byYear[c.data.financialYear] ?? 0) + c.data.amountPence;
    expect(byYear).toEqual(facts.allocationsPenceByYear);
  });

  it('Dundee: 87 at the launch event, a milestone and not level 1 training; no training records (000 §4.2.1)', () => {
    const launch = ofType('dundee-tsg', 'AddMilestone').find(
      (c) => c.data.milestoneId === 'becoming-trauma-informed-launch',
    );
    expect(launch?.data.title).toContain(`${documentFacts['dundee-tsg'].launchAttendees} attended`);
    expect(ofType('dundee-tsg', 'RecordTraining')).toEqual([]);
  });

  it('Dundee: the six 2022/23 priorities are milestones due by 31 March 2023 (000 §4.3.1)', () => {
    const due = Object.fromEntries(ofType('dundee-tsg', 'AddMilestone').map((c) => [c.data.milestoneId, c.data.dueOn]));
    expect(due).toMatchObject(documentFacts['dundee-tsg'].priorityMilestonesDueOn);
  });

  it('Somerset: four task-and-finish workstreams (004 §3.2)', () => {
    const names = ofType('trauma-informed-somerset', 'CreateWorkstream').map((c) => c.data.name);
    expect(names).toEqual([...documentFacts['trauma-informed-somerset'].workstreamNames]);
  });

  it('Somerset: the timeline January 2023 to May 2024 as milestones, some slipped (004 §3.5)', () => {
    const facts = documentFacts['trauma-informed-somerset'];
    const due = Object.fromEntries(
      ofType('trauma-informed-somerset', 'AddMilestone').map((c) => [c.data.milestoneId, c.data.dueOn]),
    );
    expect(due).toEqual(facts.timelineDueOn);
    const slips = ofType('trauma-informed-somerset', 'RescheduleMilestone');
    expect(Object.fromEntries(slips.map((c) => [c.data.milestoneId, c.data.dueOn]))).toEqual(facts.slipped);
    for (const slip of slips) expect(slip.data.reason).toMatch(/illustrative/i);
  });

  it('Somerset: tiered training at tiers 1-3 and a champions network (004 §3.3)', () => {
    const facts = documentFacts['trauma-informed-somerset'];
    expect(ofType('trauma-informed-somerset', 'RecordTraining').map((c) => c.data.level)).toEqual([
      ...facts.trainingLevels,
    ]);
    expect(ofType('trauma-informed-somerset', 'AppointChampion').map((c) => c.data.championId)).toEqual([
      ...facts.championIds,
    ]);
  });

  it('Readiness: every domain self-assessed in each round, with illustrative evidence', () => {
    const facts = documentFacts['nttp-readiness'];
    const assessments = ofType('nttp-readiness', 'AssessMaturity');
    for (const [date, levels] of Object.entries(facts.rounds)) {
      const round = assessments.filter((c) => c.occurredAt === date);
      expect(Object.fromEntries(round.map((c) => [c.data.domain, c.data.level]))).toEqual(levels);
      for (const c of round) expect(c.data.evidence).toMatch(/illustrative/i);
    }
    expect(assessments).toHaveLength(Object.keys(facts.rounds).length * facts.domains.length);
  });
});

/**
 * Records a programme the way the server does: each command parsed by the domain's schema, then
 * decided against the fold of everything recorded before it. Throws on the first refusal.
 */
const recordAll = (programme: DemoProgramme): MemoryLog => {
  const log = new MemoryLog(programme.programmeId);
  const firstEventIds: string[] = [];
  programme.commands.forEach((c, index) => {
    log.at(c.recordedAt);
    const parsed = Command.safeParse(commandToSend(c, (target) => firstEventIds[target]!));
    if (!parsed.success) throw new Error(`#${index} ${c.type} is invalid: ${parsed.error.message}`);
    try {
      firstEventIds[index] = log.record(parsed.data)[0]!.id;
    } catch (cause) {
      throw new Error(`#${index} ${c.type} refused: ${(cause as Error).message}`, { cause });
    }
  });
  return log;
};

const logs = new Map<string, MemoryLog>();
/** Recorded once per programme, on first use, so a refusal fails the tests that need it, not the file. */
const logOf = (programmeId: string): MemoryLog => {
  const found = logs.get(programmeId);
  if (found) return found;
  const log = recordAll(demoProgrammes.find((p) => p.programmeId === programmeId)!);
  logs.set(programmeId, log);
  return log;
};
const stateAsOf = (programmeId: string, date: string, knownAtDate?: string) => {
  const log = logOf(programmeId);
  const knownAt = knownAtDate === undefined ? log.now : endOf(knownAtDate);
  return toView(log.state({ asOf: endOf(date), knownAt }), { asOf: endOf(date), knownAt });
};
const milestonesOf = (view: ReturnType<typeof stateAsOf>) =>
  new Map(view.workstreams.flatMap((w) => w.milestones.map((m) => [m.milestoneId, m] as const)));

describe('demo programmes through the domain: the folded state shows the documents', () => {
  it.each(demoProgrammes.map((p) => [p.programmeId, p] as const))(
    '%s: every command is accepted and the record ends with no meeting open',
    (programmeId, programme) => {
      const view = stateAsOf(programmeId, new Date().toISOString().slice(0, 10));
      // A correction records two events (the retraction and the replacement); every other command one.
      const corrections = programme.commands.filter((c) => c.type === 'CorrectEvent').length;
      expect(view.version).toBe(programme.commands.length + corrections);
      expect(view.openMeetingId).toBeNull();
      for (const subject of [view, ...view.partners, ...view.workstreams])
        if (subject.rag) expect(subject.rag.reason).toMatch(/illustrative/i);
    },
  );

  describe('Dundee Trauma Steering Group (seed 000)', () => {
    const facts = documentFacts['dundee-tsg'];

    it('shows £50k for 2021/22 and £50k for 2022/23 at the IJB of 22 June 2022', () => {
      const view = stateAsOf(facts.programmeId, facts.asOf);
      const byYear = Object.fromEntries(view.funding.byFinancialYear.map((y) => [y.financialYear, y.allocatedPence]));
      expect(byYear).toEqual(facts.allocationsPenceByYear);
      for (const y of view.funding.byFinancialYear) expect(y.spentPence).toBeLessThanOrEqual(y.allocatedPence);
    });

    it('records no training by level, which the report does not give, and the launch as done in 2021', () => {
      const view = stateAsOf(facts.programmeId, '2021-12-31', '2021-12-31');
      expect(view.training.byLevel).toEqual(facts.trainingByLevel);
      expect(milestonesOf(view).get('becoming-trauma-informed-launch')).toMatchObject({
        status: 'done',
        illustrative: true,
      });
    });

    it('as of the report date and as known then: the funding, the done milestones and the decisions', () => {
      const view = stateAsOf(facts.programmeId, facts.reportDate, facts.reportDate);
      const byYear = Object.fromEntries(view.funding.byFinancialYear.map((y) => [y.financialYear, y.allocatedPence]));
      expect(byYear).toEqual(facts.allocationsPenceByYear);
      const milestones = milestonesOf(view);
      for (const id of facts.doneByReportDate) expect(milestones.get(id)?.status).toBe('done');
      expect(view.decisions.map((d) => d.decisionId)).toEqual(facts.decisionIds.filter((id) => !id.startsWith('ijb-')));
    });

    it('had one return late and one never made for the IJB round, as of the IJB', () => {
      const round = stateAsOf(facts.programmeId, facts.asOf).reportingRounds.find(
        (r) => r.roundId === facts.round.roundId,
      );
      expect(Object.fromEntries(round!.returns.map((r) => [r.partnerId, r.status]))).toEqual(facts.round.returns);
      const indicator = stateAsOf(facts.programmeId, facts.reportDate, facts.reportDate).indicators[0];
      expect(indicator).toMatchObject({ indicatorId: 'managers-briefed', latest: { value: facts.managersBriefed } });
    });

    it('knew of the Trauma Champion only from the late entry on, though the appointment is dated before', () => {
      const { championId, occurredOn, recordedOn } = facts.lateEntry;
      const dayBefore = new Date(Date.parse(recordedOn) - 86_400_000).toISOString().slice(0, 10);
      expect(stateAsOf(facts.programmeId, '2021-12-31', dayBefore).champions).toEqual([]);
      const known = stateAsOf(facts.programmeId, '2021-12-31', recordedOn).champions;
      expect(known.map((c) => c.championId)).toEqual([championId]);
      expect(known[0]).toMatchObject({ illustrative: true });
      expect(commandsOf(facts.programmeId).find((c) => c.type === 'AppointChampion')?.occurredAt).toBe(occurredOn);
    });

    it("has the six 2022/23 priorities due by 31 March 2023 and the members' briefing by end of summer", () => {
      const milestones = milestonesOf(stateAsOf(facts.programmeId, facts.asOf));
      for (const [id, dueOn] of Object.entries(facts.priorityMilestonesDueOn))
        expect(milestones.get(id)).toMatchObject({ dueOn, status: 'open' });
      expect(milestones.get('members-briefing')).toMatchObject({ dueOn: facts.membersBriefingDueOn, status: 'open' });
    });

    it('shows what the report calls done as done by its date', () => {
      const milestones = milestonesOf(stateAsOf(facts.programmeId, facts.reportDate));
      for (const id of facts.doneByReportDate) expect(milestones.get(id)?.status).toBe('done');
    });

    it('records the learning and development officer decision in a steering group meeting, and the champions', () => {
      const view = stateAsOf(facts.programmeId, facts.asOf);
      expect(view.decisions.map((d) => d.decisionId)).toEqual(facts.decisionIds);
      expect(view.decisions.find((d) => d.decisionId === 'ld-officer-with-wrasac')?.meetingId).toBe('tsg-2021-11');
      expect(view.champions.map((c) => c.championId)).toEqual(facts.championIds);
      expect(view.workstreams.map((w) => w.workstreamId)).toEqual(facts.workstreamIds);
    });
  });

  describe('Trauma Informed Somerset (seed 004)', () => {
    const facts = documentFacts['trauma-informed-somerset'];

    it('has the four task-and-finish workstreams', () => {
      expect(stateAsOf(facts.programmeId, facts.asOf).workstreams.map((w) => w.name)).toEqual(facts.workstreamNames);
    });

    it('keeps the timeline dates January 2023 to May 2024 as the original due dates', () => {
      const milestones = milestonesOf(stateAsOf(facts.programmeId, facts.asOf));
      expect(Object.fromEntries([...milestones].map(([id, m]) => [id, m.originalDueOn]))).toEqual(facts.timelineDueOn);
    });

    it('shows the slipped milestones with their new dates, the rest on time', () => {
      const milestones = milestonesOf(stateAsOf(facts.programmeId, facts.asOf));
      for (const [id, m] of milestones) {
        const slippedTo = (facts.slipped as Record<string, string>)[id];
        if (slippedTo) {
          expect(m.dueOn).toBe(slippedTo);
          expect(m.slipDays).toBeGreaterThan(0);
          expect(m.rescheduleReason).toMatch(/illustrative/i);
        } else expect(m.slipDays).toBe(0);
      }
      for (const id of facts.openAtAsOf) expect(milestones.get(id)?.status).toBe('open');
    });

    it('shows the April/May 2023 milestones overdue before the slip was recorded', () => {
      const milestones = milestonesOf(stateAsOf(facts.programmeId, facts.overdueBeforeSlip.asOf));
      for (const id of facts.overdueBeforeSlip.milestoneIds)
        expect(milestones.get(id)).toMatchObject({ status: 'overdue', slipDays: 0 });
    });

    it('as of the scrutiny committee and as known then: the four workstreams and the estimated timeline', () => {
      const view = stateAsOf(facts.programmeId, '2023-01-16', '2023-01-16');
      expect(view.workstreams.map((w) => w.name)).toEqual(facts.workstreamNames);
      const milestones = milestonesOf(view);
      expect(Object.fromEntries([...milestones].map(([id, m]) => [id, m.dueOn]))).toEqual(facts.timelineDueOn);
      for (const m of milestones.values()) expect(m.illustrative).toBeUndefined();
    });

    it('showed the charter launched until the retraction was recorded, and not since', () => {
      const { milestoneId, asOf, knownAt, doneOn } = facts.retracted;
      expect(milestonesOf(stateAsOf(facts.programmeId, asOf, knownAt)).get(milestoneId)?.status).toBe('done');
      expect(milestonesOf(stateAsOf(facts.programmeId, asOf)).get(milestoneId)?.status).toBe('open');
      expect(milestonesOf(stateAsOf(facts.programmeId, doneOn)).get(milestoneId)).toMatchObject({
        status: 'done',
        completedOn: doneOn,
      });
      const retraction = ofType(facts.programmeId, 'RetractEvent');
      expect(retraction).toHaveLength(1);
      expect(commandsOf(facts.programmeId)[retraction[0]!.target!]).toMatchObject({
        type: 'CompleteMilestone',
        data: { milestoneId },
      });
    });

    it('delivers tiers 1-3 and appoints the champions network', () => {
      const view = stateAsOf(facts.programmeId, facts.asOf);
      expect(view.training.byLevel.map((t) => t.level)).toEqual(facts.trainingLevels);
      expect(view.champions.map((c) => c.championId)).toEqual(facts.championIds);
    });
  });

  describe('Roadmap readiness (seeds 001, 002)', () => {
    const facts = documentFacts['nttp-readiness'];

    it('has no self-assessment before the Roadmap was published', () => {
      expect(stateAsOf(facts.programmeId, '2023-10-31').maturity).toEqual([]);
    });

    it('is an illustrative composite: every command is recorded with illustrative: true', () => {
      expect(commandsOf(facts.programmeId).filter((c) => !c.illustrative)).toEqual([]);
      expect(stateAsOf(facts.programmeId, facts.asOf)).toMatchObject({ illustrative: true });
    });

    it('knew of the September 2024 spend only from its late entry on', () => {
      const { allocationId, occurredOn, recordedOn, amountPence } = facts.lateEntry;
      const spent = (knownAt?: string) =>
        stateAsOf(facts.programmeId, occurredOn, knownAt).funding.allocations.find(
          (a) => a.allocationId === allocationId,
        )?.spentPence;
      expect(spent(occurredOn)).toBe(0);
      expect(spent(recordedOn)).toBe(amountPence);
      expect(spent()).toBe(amountPence);
    });

    it('corrected the miscounted re-assessment in one step, and shows what it replaced', () => {
      const { indicatorId, on, wrong, right, correctedOn } = facts.correction;
      const indicator = (knownAt?: string) =>
        stateAsOf(facts.programmeId, on, knownAt).indicators.find((i) => i.indicatorId === indicatorId);
      expect(indicator(on)?.latest).toMatchObject({ value: wrong, on });
      expect(indicator(correctedOn)?.latest).toMatchObject({ value: right, on });
      const log = logOf(facts.programmeId);
      const replacement = log.events.find((e) => e.meta?.correctionOf !== undefined);
      const replaced = log.events.find((e) => e.id === replacement?.meta?.correctionOf);
      expect(replaced).toMatchObject({ type: 'MeasurementRecorded', data: { value: wrong } });
      expect(replacement).toMatchObject({ type: 'MeasurementRecorded', data: { value: right } });
      expect(log.state().retracted.has(replaced!.id)).toBe(true);
    });

    it("records the Improvement Service report's barriers, enablers and support requests as issues", () => {
      const issues = stateAsOf(facts.programmeId, facts.learningEventOn.replace('03-25', '04-30')).issues;
      const kinds: Record<string, number> = {};
      for (const i of issues) kinds[i.kind] = (kinds[i.kind] ?? 0) + 1;
      expect(kinds).toEqual(facts.issueKinds);
      expect(issues.filter((i) => i.addressedTo === 'national').map((i) => i.kind)).toEqual([
        'support-request',
        'support-request',
      ]);
    });

    it('shows each round of self-assessment as of its date', () => {
      for (const [date, levels] of Object.entries(facts.rounds)) {
        const maturity = stateAsOf(facts.programmeId, date).maturity;
        expect(maturity.every((m) => m.partnerId === facts.partnerId && m.assessedOn === date)).toBe(true);
        expect(Object.fromEntries(maturity.map((m) => [m.domain, m.level]))).toEqual(levels);
      }
    });
  });
});

describe('the demo as a lived history', () => {
  const schedule = demoSchedule();

  it('merges every programme into one recording order, each programme in its own order', () => {
    expect(schedule).toHaveLength(demoProgrammes.reduce((n, p) => n + p.commands.length, 0));
    const instants = schedule.map((s) => s.command.recordedAt);
    expect(instants).toEqual([...instants].sort());
    for (const p of demoProgrammes)
      expect(schedule.filter((s) => s.programmeId === p.programmeId).map((s) => s.index)).toEqual(
        p.commands.map((_c, i) => i),
      );
  });

  it('records each command on the day it represents, except the late entries', () => {
    const late = schedule.filter((s) => s.command.recordedAt.slice(0, 10) !== s.command.occurredAt);
    expect(
      late.map((s) => [s.programmeId, s.command.type, s.command.occurredAt, s.command.recordedAt.slice(0, 10)]),
    ).toEqual([
      ['dundee-tsg', 'AppointChampion', '2021-11-30', '2022-01-19'],
      ['nttp-readiness', 'RecordSpend', '2024-09-30', '2024-10-28'],
      ['nttp-readiness', 'CorrectEvent', '2025-03-12', '2025-03-13'],
    ]);
  });
});
