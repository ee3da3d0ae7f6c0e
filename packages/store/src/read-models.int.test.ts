import type { Command, DomainEvent, ProgrammeState, Rag } from '@steerlog/domain';
import { canonicalJson, decide, DomainError, fold, resolveOccurredAt } from '@steerlog/domain';
import { meetingStep } from '@steerlog/domain/testing/ops';
import fc from 'fast-check';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { ERASED } from '@steerlog/domain';
import { erasePersonalData, verify } from './audit.js';
import { eraseForGood } from './read-models/erasure.js';
import { readProjectedState } from './read-models/read.js';
import { rebuild } from './rebuild.js';
import type { Store } from './store.js';
import { dumpReadModels, modelsAndFold, onPostgres, openTempStore } from './testing.js';

// Each run creates a database; on PostgreSQL (a round trip per statement) fewer runs keep the suite in time.
const RUNS = onPostgres ? 60 : 200;
const share = RUNS / 200;

const PROGRAMMES = ['alpha', 'beta'] as const;
const START = Date.parse('2026-03-01T09:00:00.000Z');
const DAY0 = Date.parse('2025-01-01T00:00:00.000Z');

const day = fc.integer({ min: 0, max: 420 }).map((n) => new Date(DAY0 + n * 86_400_000).toISOString().slice(0, 10));
/** When the thing happened: mostly a past date (so often earlier than events already recorded), else now, rarely the future. */
const occurredAt = fc.oneof(
  { weight: 60, arbitrary: day },
  { weight: 37, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: fc.constant('2027-01-04') },
);
const rag = fc.constantFrom<Rag>('red', 'amber', 'green');
const which = fc.nat({ max: 1000 });
const name = fc.constantFrom('Ada Lovelace', 'Siân Evans', 'Bob Smith', 'Zoë Ng');

/** Abstract operations; they become commands against whatever the programme holds when they run. */
const op = fc.record({
  programme: fc.nat({ max: PROGRAMMES.length - 1 }),
  on: occurredAt,
  /** About one command in four says its values are illustrative. */
  illustrative: fc.nat({ max: 3 }).map((n) => n === 0),
  what: fc.oneof(
    fc.record({
      kind: fc.constant('partner' as const),
      lead: fc.option(name, { nil: undefined }),
      reuse: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('workstream' as const), lead: which }),
    fc.record({ kind: fc.constant('milestone' as const), ws: which, due: day }),
    fc.record({ kind: fc.constant('reschedule' as const), m: which, due: day }),
    fc.record({ kind: fc.constant('complete' as const), m: which, on: day }),
    fc.record({ kind: fc.constant('allocate' as const), amount: fc.integer({ min: 1, max: 500_000 }), to: which }),
    fc.record({ kind: fc.constant('spend' as const), a: which, amount: fc.integer({ min: 1, max: 300_000 }), on: day }),
    fc.record({ kind: fc.constant('rag' as const), subject: which, rag }),
    fc.record({ kind: fc.constant('rag' as const), subject: which, rag }),
    fc.record({ kind: fc.constant('open' as const), attendees: fc.array(which, { maxLength: 3 }) }),
    fc.record({ kind: fc.constant('close' as const), m: which }),
    fc.record({ kind: fc.constant('papers' as const), step: which, on: day }),
    fc.record({ kind: fc.constant('decision' as const), inMeeting: fc.boolean() }),
    fc.record({ kind: fc.constant('action' as const), owner: which, due: day }),
    fc.record({ kind: fc.constant('completeAction' as const), a: which, on: day }),
    fc.record({ kind: fc.constant('risk' as const), likelihood: fc.integer({ min: 1, max: 5 }) }),
    fc.record({ kind: fc.constant('closeRisk' as const), r: which }),
    fc.record({ kind: fc.constant('training' as const), level: fc.integer({ min: 1, max: 4 }), partner: which }),
    fc.record({ kind: fc.constant('champion' as const), partner: which, name }),
    fc.record({
      kind: fc.constant('maturity' as const),
      partner: which,
      domain: fc.constantFrom('leadership', 'data'),
    }),
    fc.record({ kind: fc.constant('report' as const), partner: which, lead: name }),
    fc.record({ kind: fc.constant('retract' as const), event: which }),
    fc.record({ kind: fc.constant('retract' as const), event: which }),
    fc.record({ kind: fc.constant('person' as const), partner: which, name, email: fc.boolean() }),
    fc.record({ kind: fc.constant('updatePerson' as const), p: which, name, partner: which }),
    fc.record({ kind: fc.constant('round' as const), due: day, all: fc.boolean() }),
    fc.record({ kind: fc.constant('closeRound' as const), r: which }),
    fc.record({
      kind: fc.constant('roundReport' as const),
      r: which,
      partner: which,
      rag: fc.option(rag, { nil: undefined }),
    }),
    fc.record({
      kind: fc.constant('reminder' as const),
      r: which,
      p: which,
      kind2: fc.constantFrom('due-soon' as const, 'overdue' as const, 'manual' as const),
    }),
  ),
});
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

/** The i-th of `xs`, or an id nothing has, so that a command about it is refused. */
const pick = (xs: readonly string[], i: number) => (xs.length === 0 ? 'missing' : xs[i % xs.length]!);
/** Mostly one of the `open` things (a valid command), now and then any of `all` (maybe refused). */
const pickOpen = (open: readonly string[], all: readonly string[], i: number) =>
  i % 6 === 0 || open.length === 0 ? pick(all, i) : pick(open, i);
const idsWhere = <TValue>(m: ReadonlyMap<string, TValue>, keep: (v: TValue) => boolean) =>
  [...m].filter(([, v]) => keep(v)).map(([k]) => k);

type Data<TType extends Command['type']> = Extract<Command, { type: TType }>['data'];
const addPartner = (n: number, data: Partial<Data<'AddPartner'>> = {}): Command => ({
  type: 'AddPartner',
  data: { partnerId: `partner-${n}`, name: `Partner ${n}`, sector: 'nhs', ...data },
});
const createWorkstream = (n: number, leadPartnerId?: string): Command => ({
  type: 'CreateWorkstream',
  data: { workstreamId: `ws-${n}`, name: `Workstream ${n}`, leadPartnerId },
});

/**
 * The command an operation means against the programme as it stands. Where it needs something
 * the programme does not have yet (a partner, a milestone), it creates that instead, so most
 * commands are valid; a few still name the wrong thing and are refused.
 */
const toCommand = (s: ProgrammeState, eventIds: readonly string[], o: Op, n: number): Command => {
  const partners = [...s.partners.keys()];
  const workstreams = [...s.workstreams.keys()];
  const milestones = [...s.milestones.keys()];
  const openMilestones = idsWhere(s.milestones, (m) => m.completedOn === null);
  const w = o.what;
  const command = (): Command => {
    const needsPartner = ['action', 'champion', 'report', 'round', 'roundReport', 'reminder'].includes(w.kind);
    if (needsPartner && partners.length === 0) return addPartner(n);
    if (['milestone', 'reschedule', 'complete'].includes(w.kind) && workstreams.length === 0)
      return createWorkstream(n, partners[0]);
    switch (w.kind) {
      case 'partner':
        // Now and then an id already taken: duplicate_id.
        return addPartner(n, { lead: w.lead, ...(w.reuse && n % 4 === 0 ? { partnerId: pick(partners, n) } : {}) });
      case 'workstream':
        return createWorkstream(n, partners[w.lead % (partners.length + 1)]);
      case 'milestone':
        return {
          type: 'AddMilestone',
          data: { milestoneId: `m-${n}`, workstreamId: pick(workstreams, w.ws), title: `Milestone ${n}`, dueOn: w.due },
        };
      case 'reschedule':
      case 'complete':
        if (milestones.length === 0)
          return {
            type: 'AddMilestone',
            data: {
              milestoneId: `m-${n}`,
              workstreamId: pick(workstreams, n),
              title: `Milestone ${n}`,
              dueOn: '2025-09-30',
            },
          };
        return w.kind === 'reschedule'
          ? {
              type: 'RescheduleMilestone',
              data: { milestoneId: pickOpen(openMilestones, milestones, w.m), dueOn: w.due, reason: 'slipped' },
            }
          : {
              type: 'CompleteMilestone',
              data: { milestoneId: pickOpen(openMilestones, milestones, w.m), completedOn: w.on },
            };
      case 'allocate':
        return {
          type: 'AllocateFunding',
          data: {
            allocationId: `alloc-${n}`,
            source: 'Fund',
            amountPence: w.amount,
            financialYear: w.to % 2 === 0 ? '2025/26' : '2024/25',
            workstreamId: workstreams[w.to % (workstreams.length + 1)],
          },
        };
      case 'spend': {
        const allocations = [...s.allocations.values()];
        if (allocations.length === 0)
          return {
            type: 'AllocateFunding',
            data: { allocationId: `alloc-${n}`, source: 'Fund', amountPence: 400_000, financialYear: '2025/26' },
          };
        const a = allocations[w.a % allocations.length]!;
        const left = a.amountPence - a.spentPence;
        // One in five tries to spend whatever it likes, and may overspend.
        const amountPence = left > 0 && w.amount % 5 !== 0 ? 1 + (w.amount % left) : w.amount;
        return { type: 'RecordSpend', data: { allocationId: a.allocationId, amountPence, spentOn: w.on } };
      }
      case 'rag': {
        const subjects = [
          { kind: 'programme' as const },
          ...partners.map((id) => ({ kind: 'partner' as const, id })),
          ...workstreams.map((id) => ({ kind: 'workstream' as const, id })),
        ];
        return {
          type: 'ChangeRag',
          data: { subject: subjects[w.subject % subjects.length]!, rag: w.rag, reason: `to ${w.rag}` },
        };
      }
      case 'open':
        if (s.openMeetingId !== null && w.attendees.length > 0)
          return { type: 'CloseMeeting', data: { meetingId: s.openMeetingId } };
        return {
          type: 'OpenMeeting',
          data: {
            meetingId: `meeting-${n}`,
            title: `Board ${n}`,
            attendees: [...new Set(w.attendees.map((i) => pick(partners, i)))],
          },
        };
      case 'close':
        if (s.openMeetingId === null && w.m % 4 !== 0)
          return { type: 'OpenMeeting', data: { meetingId: `meeting-${n}`, title: `Board ${n}`, attendees: [] } };
        return { type: 'CloseMeeting', data: { meetingId: s.openMeetingId ?? pick([...s.meetings.keys()], w.m) } };
      case 'papers':
        return meetingStep(s, w.step, w.on);
      case 'decision':
        return {
          type: 'RecordDecision',
          data: {
            decisionId: `decision-${n}`,
            summary: `Decision ${n}`,
            meetingId: w.inMeeting ? pick([...s.meetings.keys()], n) : undefined,
          },
        };
      case 'action':
        return {
          type: 'AssignAction',
          data: {
            actionId: `action-${n}`,
            title: `Action ${n}`,
            ownerPartnerId: pick(partners, w.owner),
            dueOn: w.due,
          },
        };
      case 'completeAction': {
        const open = idsWhere(s.actions, (a) => a.completedOn === null);
        if (s.actions.size === 0 && partners.length > 0)
          return {
            type: 'AssignAction',
            data: { actionId: `action-${n}`, title: `Action ${n}`, ownerPartnerId: pick(partners, n), dueOn: w.on },
          };
        return {
          type: 'CompleteAction',
          data: { actionId: pickOpen(open, [...s.actions.keys()], w.a), completedOn: w.on },
        };
      }
      case 'risk':
        return {
          type: 'RaiseRisk',
          data: { riskId: `risk-${n}`, title: `Risk ${n}`, likelihood: w.likelihood, impact: 3 },
        };
      case 'closeRisk': {
        const open = idsWhere(s.risks, (r) => r.closedOn === null);
        if (s.risks.size === 0)
          return { type: 'RaiseRisk', data: { riskId: `risk-${n}`, title: `Risk ${n}`, likelihood: 2, impact: 2 } };
        return { type: 'CloseRisk', data: { riskId: pickOpen(open, [...s.risks.keys()], w.r), reason: 'mitigated' } };
      }
      case 'training':
        return {
          type: 'RecordTraining',
          data: {
            partnerId: partners[w.partner % (partners.length + 1)],
            level: w.level,
            audience: 'staff',
            sessions: 1 + (n % 3),
            attendees: n,
            deliveredOn: '2025-06-01',
          },
        };
      case 'champion':
        return {
          type: 'AppointChampion',
          data: { championId: `champion-${n}`, partnerId: pick(partners, w.partner), name: w.name },
        };
      case 'maturity':
        return {
          type: 'AssessMaturity',
          data: { partnerId: partners[w.partner % (partners.length + 1)], domain: w.domain, level: 'emerging' },
        };
      case 'report':
        return {
          type: 'SubmitHighlightReport',
          data: {
            partnerId: pick(partners, w.partner),
            lead: w.lead,
            summary: `Report ${n}`,
            successes: ['one'],
            challenges: [],
            upcoming: [{ title: 'next', dueOn: '2026-04-01' }],
          },
        };
      case 'person':
        return {
          type: 'AddPerson',
          data: {
            personId: `person-${n}`,
            name: w.name,
            ...(w.email ? { email: `p${n}@example.org` } : {}),
            partnerId: partners[w.partner % (partners.length + 1)],
          },
        };
      case 'updatePerson':
        if (s.people.size === 0) return { type: 'AddPerson', data: { personId: `person-${n}`, name: w.name } };
        return {
          type: 'UpdatePerson',
          data: {
            personId: pick([...s.people.keys()], w.p),
            name: w.name,
            partnerId: partners[w.partner % (partners.length + 1)],
          },
        };
      case 'round':
        return {
          type: 'OpenReportingRound',
          data: {
            roundId: `round-${n}`,
            title: `Round ${n}`,
            periodFrom: '2025-01-01',
            periodTo: '2025-03-31',
            dueOn: w.due,
            ...(w.all ? {} : { partnerIds: [partners[0]!] }),
          },
        };
      case 'closeRound':
        return { type: 'CloseReportingRound', data: { roundId: pick([...s.reportingRounds.keys()], w.r) } };
      case 'roundReport': {
        const rounds = [...s.reportingRounds.values()];
        const round = rounds.length === 0 ? undefined : rounds[w.r % rounds.length]!;
        return {
          type: 'SubmitHighlightReport',
          data: {
            partnerId: round ? pick(round.partnerIds, w.partner) : pick(partners, w.partner),
            lead: 'Round lead',
            summary: `Report ${n}`,
            successes: [],
            challenges: [],
            upcoming: [],
            ...(round ? { roundId: round.roundId } : {}),
            ...(w.rag ? { rag: w.rag } : {}),
          },
        };
      }
      case 'reminder': {
        const rounds = [...s.reportingRounds.values()];
        const people = [...s.people.values()].filter((p) => p.partnerId !== null);
        if (rounds.length === 0 || people.length === 0) return addPartner(n);
        const person = people[w.p % people.length]!;
        return {
          type: 'RecordReminderSent',
          data: {
            roundId: rounds[w.r % rounds.length]!.roundId,
            partnerId: person.partnerId!,
            personId: person.personId,
            kind: w.kind2,
          },
        };
      }
      case 'retract': {
        // Mostly an event that may be withdrawn; now and then any earlier event (the launch, a
        // retraction, one already retracted), which is refused.
        const retractable = eventIds.filter((id) => {
          const type = s.eventTypes.get(id);
          return type !== undefined && type !== 'ProgrammeLaunched' && type !== 'EventRetracted';
        });
        return { type: 'RetractEvent', data: { eventId: pickOpen(retractable, eventIds, w.event), reason: 'mistake' } };
      }
    }
  };
  return { ...command(), occurredAt: o.on, ...(o.illustrative ? { illustrative: true as const } : {}) };
};

/** What deciding on a full fold of the log says: the reference the store's cached state must agree with. */
const reference = (events: Parameters<typeof fold>[0], programmeId: string, command: Command, now: string) => {
  try {
    resolveOccurredAt(command.occurredAt, now);
    return decide(fold(events), command, { programmeId, newId: () => 'unexpected-generated-id' });
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
};

/**
 * A state as plain JSON, for what the view does not show (the RAG history, field by field).
 * What only `decide` reads (event types, retractions) is left out; training by level is sorted,
 * as the view sorts it.
 */
const comparable = (s: ProgrammeState | null) =>
  s &&
  canonicalJson({
    ...s,
    eventTypes: undefined,
    retracted: undefined,
    training: [...s.training].sort(([a], [b]) => a - b),
    ...Object.fromEntries(
      (
        [
          'partners',
          'workstreams',
          'milestones',
          'allocations',
          'meetings',
          'decisions',
          'actions',
          'risks',
          'champions',
          'maturity',
          'people',
          'reportingRounds',
        ] as const
      ).map((k) => [k, [...s[k]]]),
    ),
  });

const outcome = async (store: Store, programmeId: string, command: Command, now: Date) => {
  try {
    const result = await store.handle(programmeId, command, { actor: 'property', now });
    return result.events.map(({ type, data }) => ({ type, data }) as DomainEvent);
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
};

describe('read models, property-based, on a real SQLite file', () => {
  it('equal the domain fold after every command, and a rebuild reproduces them byte for byte', async () => {
    let accepted = 0;
    let refused = 0;
    let backDated = 0;
    let retractions = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 45 }), async (ops) => {
        const { store, dispose } = await openTempStore('steerlog-prop-');
        // Durability is the crash test's business: here an fsync at every commit would only slow the runs.
        if (store.db.dialect === 'sqlite') await sql`pragma synchronous = normal`.execute(store.kysely);
        try {
          let clock = START;
          const tick = () => new Date((clock += 60_000));
          for (const p of PROGRAMMES)
            await store.handle(
              p,
              { type: 'LaunchProgramme', data: { name: `Programme ${p}` }, occurredAt: '2025-03-01' },
              { actor: 'property', now: tick() },
            );
          for (const [n, o] of ops.entries()) {
            const programmeId = PROGRAMMES[o.programme]!;
            const events = await store.loadEvents(programmeId);
            const state = fold(events);
            const command = toCommand(
              state,
              events.map((e) => e.id),
              o,
              n,
            );
            const now = tick();
            const expected = reference(events, programmeId, command, now.toISOString());
            const got = await outcome(store, programmeId, command, now);
            // The store decides on its cached state; it must decide exactly as a full refold would.
            expect(canonicalJson(got)).toBe(canonicalJson(expected));
            if (typeof got === 'string') refused++;
            else {
              accepted++;
              if (
                command.occurredAt !== undefined &&
                state.lastOccurredAt !== null &&
                command.occurredAt < state.lastOccurredAt.slice(0, 10)
              )
                backDated++;
              if (command.type === 'RetractEvent') retractions++;
            }
            const { models, fold: folded } = await modelsAndFold(store, programmeId, now);
            expect(models).toBe(folded);
            expect(comparable(await readProjectedState(store.kysely, programmeId, store.vault))).toBe(
              comparable(fold(await store.loadEvents(programmeId))),
            );
          }
          const now = tick();
          for (const p of PROGRAMMES) {
            const { models, fold: folded } = await modelsAndFold(store, p, now);
            expect(models).toBe(folded);
          }
          const incremental = await dumpReadModels(store);
          await rebuild(store.db, store.vault);
          store.invalidate();
          expect(await dumpReadModels(store)).toBe(incremental);
          expect(await verify(store.kysely)).toMatchObject({ ok: true });
        } finally {
          await dispose();
        }
      }),
      { numRuns: RUNS, seed: 20260301, endOnFailure: true },
    );
    // The generator must actually exercise what the property is about.
    expect(backDated).toBeGreaterThan(500 * share);
    expect(retractions).toBeGreaterThan(80 * share);
    expect(refused).toBeGreaterThan(100 * share);
    expect(accepted).toBeGreaterThan(1500 * share);
    expect(refused).toBeLessThan(accepted / 3);
  }, 300_000);
});

describe('names in the read models', () => {
  const P = 'erasure';
  const NOW = new Date('2026-03-02T10:00:00.000Z');
  const NAMES = ['Ada Lovelace', 'Bob Smith', 'Cleo Person', 'cleo.person@council.example'];
  const at = { actor: 'test', now: NOW };

  const given = async (store: Store) => {
    await store.handle(P, { type: 'LaunchProgramme', data: { name: 'Erasure' } }, at);
    await store.handle(
      P,
      {
        type: 'AddPartner',
        data: { partnerId: 'council', name: 'Council', sector: 'local-authority', lead: NAMES[0] },
      },
      at,
    );
    await store.handle(
      P,
      { type: 'AppointChampion', data: { championId: 'bob', partnerId: 'council', name: NAMES[1]! } },
      at,
    );
    const report = {
      partnerId: 'council',
      lead: NAMES[0]!,
      summary: 'On track',
      successes: ['a'],
      challenges: [],
      upcoming: [],
    };
    await store.handle(P, { type: 'SubmitHighlightReport', data: report }, at);
    await store.handle(
      P,
      { type: 'AddPerson', data: { personId: 'cleo', name: NAMES[2]!, email: NAMES[3]!, partnerId: 'council' } },
      at,
    );
    await store.handle(
      P,
      {
        type: 'AssignAction',
        data: { title: 'Plan', ownerPartnerId: 'council', dueOn: '2026-04-01', ownerPersonId: 'cleo' },
      },
      at,
    );
  };

  /** Every cell of every read-model table, as text. */
  const cells = async (store: Store) => dumpReadModels(store);

  it('are ciphertext in the tables, read back in clear through the vault', async () => {
    const { store, dispose } = await openTempStore('steerlog-names-');
    try {
      await given(store);
      const dump = await cells(store);
      for (const name of NAMES) expect(dump).not.toContain(name);
      expect(dump).toContain('enc:rm1:');
      const state = await readProjectedState(store.kysely, P, store.vault);
      expect(state?.partners.get('council')?.lead).toBe(NAMES[0]);
      expect(state?.partners.get('council')?.lastReport?.lead).toBe(NAMES[0]);
      expect(state?.champions.get('bob')?.name).toBe(NAMES[1]);
      expect(state?.people.get('cleo')).toMatchObject({ name: NAMES[2], email: NAMES[3] });
    } finally {
      await dispose();
    }
  });

  it('leave nothing readable after an erasure: no name or key in the database file, its WAL or the tables', async () => {
    const { store, path, dispose } = await openTempStore('steerlog-erase-');
    try {
      await given(store);
      const keys = (await store.kysely.selectFrom('personal_keys').select(['subject', 'key']).execute()).map(
        (k) => k.key!,
      );
      expect(keys).toHaveLength(3);
      for (const subject of ['partner-lead:council', 'champion:bob', 'person:cleo'])
        await eraseForGood(store.db, P, subject, () => erasePersonalData(store, P, subject));
      expect(
        (await store.kysely.selectFrom('personal_keys').select('key').execute()).every((k) => k.key === null),
      ).toBe(true);

      const state = await readProjectedState(store.kysely, P, store.vault);
      expect(state?.partners.get('council')?.lead).toBe(ERASED);
      expect(state?.partners.get('council')?.lastReport?.lead).toBe(ERASED);
      expect(state?.champions.get('bob')?.name).toBe(ERASED);
      expect(state?.people.get('cleo')).toMatchObject({ name: ERASED, email: ERASED });
      const dump = await cells(store);
      expect(dump).not.toContain('enc:rm1:');

      // What is on disk now: the database file and whatever the WAL still holds (SQLite; a
      // PostgreSQL cluster's files are the server's, and keep old row versions until VACUUM).
      const files = onPostgres ? [] : [path, `${path}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f));
      if (!onPostgres) expect(files.length).toBeGreaterThan(0);
      const needles = [
        ...NAMES.map((n) => Buffer.from(n, 'utf8')),
        ...keys.map((k) => Buffer.from(k, 'utf8')),
        ...keys.map((k) => Buffer.from(k, 'base64')),
      ];
      for (const bytes of files) for (const needle of needles) expect(bytes.indexOf(needle)).toBe(-1);
      for (const name of NAMES) expect(dump).not.toContain(name);

      // The log is untouched and a rebuild writes exactly what the erasure left.
      expect(await verify(store.kysely)).toMatchObject({ ok: true });
      await rebuild(store.db, store.vault);
      store.invalidate();
      expect(await cells(store)).toBe(dump);
      // The rebuild's shadow tables were written without fsync: commands after it are durable again.
      if (!onPostgres)
        expect(
          (await sql<{ synchronous: number }>`pragma synchronous`.execute(store.kysely)).rows[0]?.synchronous,
        ).toBe(2);
    } finally {
      await dispose();
    }
  });
});
