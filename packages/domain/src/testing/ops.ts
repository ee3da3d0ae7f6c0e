/** Random programme histories for property tests (test-only: fast-check is a dev dependency). */
import fc from 'fast-check';
import type { Command } from '../commands.js';
import { DomainError } from '../errors.js';
import type { FoldableEvent } from '../evolve.js';
import type { ProgrammeState } from '../state.js';
import { baseline, MemoryLog } from './index.js';
import { meetingStep } from './ops-meetings.js';

export { meetingStep };
import { outcomeCommandOf, outcomeKinds } from './outcome-ops.js';

export const day = fc
  .integer({ min: 0, max: 500 })
  .map((n) => new Date(Date.UTC(2025, 0, 10) + n * 86_400_000).toISOString().slice(0, 10));
export const pick = <T>(xs: readonly T[], i: number) => xs[i % xs.length]!;

const kinds = fc.oneof(
  fc.record({
    kind: fc.constant('rag' as const),
    subject: fc.nat(),
    rag: fc.constantFrom('red', 'amber', 'green'),
    on: day,
  }),
  fc.record({ kind: fc.constant('milestone' as const), on: day, due: day }),
  fc.record({ kind: fc.constant('reschedule' as const), which: fc.nat(), due: day, on: day }),
  fc.record({ kind: fc.constant('complete' as const), which: fc.nat(), on: day }),
  fc.record({ kind: fc.constant('spend' as const), amount: fc.integer({ min: 1, max: 3_000_000 }), on: day }),
  fc.record({
    kind: fc.constant('training' as const),
    level: fc.integer({ min: 1, max: 4 }),
    attendees: fc.nat(200),
    on: day,
  }),
  fc.record({ kind: fc.constant('retract' as const), which: fc.nat() }),
  fc.record({ kind: fc.constant('meeting' as const), step: fc.nat(), on: day }),
  fc.record({ kind: fc.constant('person' as const), partner: fc.nat(), on: day }),
  fc.record({ kind: fc.constant('round' as const), due: day, on: day }),
  fc.record({
    kind: fc.constant('roundReport' as const),
    which: fc.nat(),
    partner: fc.nat(),
    rag: fc.constantFrom('red', 'amber', 'green'),
    cite: fc.boolean(),
    on: day,
  }),
  ...outcomeKinds,
);

/** Operations that become commands against whatever the log holds when they run; some illustrative. */
export const op = fc
  .tuple(kinds, fc.boolean())
  .map(([o, illustrative]) => (illustrative ? { ...o, illustrative: true as const } : o));
export type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

/** What `toCommand` reads of a log: its current state and its events (any store's will do). */
export type LogLike = { state: () => ProgrammeState; events: readonly FoldableEvent[] };

/** The command an operation becomes against what `log` holds now. */
export const toCommand = (log: LogLike, o: Op): Command => {
  const command = commandOf(log, o);
  return 'illustrative' in o ? { ...command, illustrative: true } : command;
};

const commandOf = (log: LogLike, o: Op): Command => {
  const s = log.state();
  const milestones = [...s.milestones.keys()];
  switch (o.kind) {
    case 'rag': {
      const subjects = [
        { kind: 'programme' as const },
        ...[...s.partners.keys()].map((id) => ({ kind: 'partner' as const, id })),
        { kind: 'workstream' as const, id: 'training' },
      ];
      return {
        type: 'ChangeRag',
        data: { subject: pick(subjects, o.subject), rag: o.rag, reason: 'property' },
        occurredAt: o.on,
      };
    }
    case 'milestone':
      return { type: 'AddMilestone', data: { workstreamId: 'training', title: 'M', dueOn: o.due }, occurredAt: o.on };
    case 'reschedule':
      return {
        type: 'RescheduleMilestone',
        data: { milestoneId: pick(milestones, o.which), dueOn: o.due, reason: 'property' },
        occurredAt: o.on,
      };
    case 'complete':
      return {
        type: 'CompleteMilestone',
        data: { milestoneId: pick(milestones, o.which), completedOn: o.on },
        occurredAt: o.on,
      };
    case 'spend':
      return {
        type: 'RecordSpend',
        data: { allocationId: 'grant-2025', amountPence: o.amount, spentOn: o.on },
        occurredAt: o.on,
      };
    case 'training':
      return {
        type: 'RecordTraining',
        data: { level: o.level, audience: 'staff', sessions: 1, attendees: o.attendees, deliveredOn: o.on },
        occurredAt: o.on,
      };
    case 'meeting':
      return meetingStep(s, o.step, o.on);
    case 'person':
      return {
        type: 'AddPerson',
        data: { name: 'P', email: 'p@example.org', partnerId: pick([...s.partners.keys()], o.partner) },
        occurredAt: o.on,
      };
    case 'round':
      return {
        type: 'OpenReportingRound',
        data: { title: 'Round', periodFrom: '2025-01-01', periodTo: '2025-01-10', dueOn: o.due },
        occurredAt: o.on,
      };
    case 'roundReport': {
      const rounds = [...s.reportingRounds.values()];
      const round = rounds.length === 0 ? undefined : pick(rounds, o.which);
      const evidence = [...s.evidence.keys()];
      return {
        type: 'SubmitHighlightReport',
        data: {
          partnerId: round ? pick(round.partnerIds, o.partner) : 'council',
          lead: 'Lead',
          summary: 'Report',
          successes: [],
          challenges: [],
          upcoming: [],
          rag: o.rag,
          ...(round ? { roundId: round.roundId } : {}),
          ...(o.cite && evidence.length ? { evidenceIds: [pick(evidence, o.which)] } : {}),
        },
        occurredAt: o.on,
      };
    }
    case 'retract':
      return { type: 'RetractEvent', data: { eventId: pick(log.events.slice(1), o.which).id, reason: 'property' } };
    default:
      return outcomeCommandOf(s, log.events, o);
  }
};

/** Runs operations as commands; refusals are part of life and leave the log as it was. */
export const history = (ops: Op[]) => {
  const log = new MemoryLog().at('2026-05-01T00:00:00.000Z').recordAll(baseline());
  for (const o of ops) {
    try {
      log.record(toCommand(log, o));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
    }
  }
  return log;
};
