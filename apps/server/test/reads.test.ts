import { baseline } from '@steerlog/domain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, Json, TestServer } from './http.js';
import { expectProblem, isoNow, sleep, startTestServer } from './http.js';

let server: TestServer;
let becky: Client;

const ragOf = (subject: Record<string, string>, rag: string, reason: string, occurredAt: string) => ({
  type: 'ChangeRag',
  data: { subject, rag, reason },
  occurredAt,
});
const report = (partnerId: string, lead: string, summary: string, occurredAt: string) => ({
  type: 'SubmitHighlightReport',
  data: {
    partnerId,
    lead,
    summary,
    successes: [`${summary}: a success`],
    challenges: [`${summary}: a challenge, "quoted"`],
    upcoming: [{ title: 'Tier 2 pilot', dueOn: '2025-09-01' }, { title: 'Review' }],
  },
  occurredAt,
});

/**
 * A programme with something of everything, recorded in an order unlike the order it happened in:
 * funding from 2024/25 and the housing partner are recorded after later events but back-dated.
 */
const rich = [
  ...baseline(),
  {
    type: 'AddMilestone',
    data: { milestoneId: 'tier-2', workstreamId: 'training', title: 'Tier 2', dueOn: '2025-03-01' },
    occurredAt: '2025-01-08',
  },
  {
    type: 'AddMilestone',
    data: { milestoneId: 'tier-3', workstreamId: 'training', title: 'Tier 3', dueOn: '2099-01-01' },
    occurredAt: '2025-01-08',
  },
  {
    type: 'RescheduleMilestone',
    data: { milestoneId: 'tier-1-live', dueOn: '2025-05-10', reason: 'Supplier late' },
    occurredAt: '2025-03-01',
  },
  {
    type: 'CompleteMilestone',
    data: { milestoneId: 'tier-1-live', completedOn: '2025-05-05' },
    occurredAt: '2025-05-05',
  },
  {
    type: 'RecordSpend',
    data: { allocationId: 'grant-2025', amountPence: 1_500_000, spentOn: '2025-05-01' },
    occurredAt: '2025-05-01',
  },
  ragOf({ kind: 'workstream', id: 'training' }, 'amber', 'Slow start', '2025-02-01'),
  ragOf({ kind: 'workstream', id: 'training' }, 'red', 'Supplier late', '2025-03-01'),
  ragOf({ kind: 'partner', id: 'council' }, 'amber', 'Staffing', '2025-02-01'),
  ragOf({ kind: 'partner', id: 'council' }, 'green', 'Recruited', '2025-04-01'),
  ragOf({ kind: 'programme' }, 'amber', 'Slow start', '2025-02-01'),
  report('council', 'Alex Lead', 'First quarter', '2025-02-28'),
  report('council', 'Sam Lead', 'Second quarter', '2025-05-31'),
  {
    type: 'OpenMeeting',
    data: { meetingId: 'sg-1', title: 'Steering group 1', attendees: ['council', 'nhs-trust'] },
    occurredAt: '2025-06-02',
  },
  {
    type: 'RecordDecision',
    data: { decisionId: 'd-1', summary: 'Fund tier 2', rationale: 'Demand is high' },
    occurredAt: '2025-06-02',
  },
  {
    type: 'AssignAction',
    data: {
      actionId: 'a-1',
      title: 'Write tier 2 plan',
      ownerPartnerId: 'council',
      dueOn: '2025-07-01',
      decisionId: 'd-1',
    },
    occurredAt: '2025-06-02',
  },
  ragOf({ kind: 'programme' }, 'green', 'Back on track', '2025-06-02'),
  { type: 'CloseMeeting', data: { meetingId: 'sg-1' }, occurredAt: '2025-06-02' },
  {
    type: 'RaiseRisk',
    data: { riskId: 'r-1', title: 'Turnover', likelihood: 3, impact: 4, ownerPartnerId: 'nhs-trust' },
    occurredAt: '2025-02-01',
  },
  {
    type: 'RecordTraining',
    data: {
      partnerId: 'council',
      level: 1,
      audience: 'Front line',
      sessions: 3,
      attendees: 40,
      deliveredOn: '2025-03-01',
    },
    occurredAt: '2025-03-01',
  },
  {
    type: 'RecordTraining',
    data: { level: 1, audience: 'Managers', sessions: 2, attendees: 10, deliveredOn: '2025-04-01' },
    occurredAt: '2025-04-01',
  },
  {
    type: 'RecordTraining',
    data: { level: 2, audience: 'Leads', sessions: 1, attendees: 12, deliveredOn: '2025-04-02' },
    occurredAt: '2025-04-02',
  },
  {
    type: 'AppointChampion',
    data: { championId: 'c-1', partnerId: 'council', name: 'Jo Champion', role: 'Director' },
    occurredAt: '2025-03-01',
  },
  {
    type: 'AssessMaturity',
    data: { partnerId: 'council', domain: 'leadership', level: 'emerging' },
    occurredAt: '2025-03-01',
  },
  {
    type: 'AllocateFunding',
    data: { allocationId: 'grant-2024', source: 'Council', amountPence: 1_000_000, financialYear: '2024/25' },
    occurredAt: '2025-01-10',
  },
  {
    type: 'RecordSpend',
    data: { allocationId: 'grant-2024', amountPence: 250_000, spentOn: '2025-02-01' },
    occurredAt: '2025-02-01',
  },
  {
    type: 'AddPartner',
    data: { partnerId: 'housing', name: 'Testshire Homes', sector: 'housing' },
    occurredAt: '2025-02-10',
  },
];

const state = async (programmeId: string, query = '') => {
  const res = await becky.get(`/api/programmes/${programmeId}/state${query}`);
  expect(res.status, res.text).toBe(200);
  return res.body;
};
const milestone = (s: Json, id: string) =>
  s.workstreams.flatMap((w: Json) => w.milestones).find((m: Json) => m.milestoneId === id);

beforeAll(async () => {
  server = await startTestServer();
  becky = await server.as('coordinator', 'becky');
  await becky.record('rich', rich);
  await becky.record('other', [{ type: 'LaunchProgramme', data: { name: 'Other programme' } }]);
});
afterAll(() => server.stop());

describe('programme list and state', () => {
  it('lists programmes as [{programmeId, name, version, rag, updatedAt}]', async () => {
    const res = await becky.get('/api/programmes');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { programmeId: 'other', name: 'Other programme', version: 1, rag: null, updatedAt: expect.any(String) },
      {
        programmeId: 'rich',
        name: 'Trauma-informed Testshire',
        version: rich.length,
        rag: 'green',
        updatedAt: expect.any(String),
      },
    ]);
    const events = await becky.allEvents('rich');
    expect(res.body[1].updatedAt).toBe(events[events.length - 1].recordedAt);
  });

  it('serves the state document of the contract', async () => {
    const s = await state('rich');
    for (const key of [
      'programmeId',
      'name',
      'ambition',
      'version',
      'position',
      'asOf',
      'knownAt',
      'rag',
      'partners',
      'workstreams',
      'funding',
      'meetings',
      'decisions',
      'actions',
      'risks',
      'training',
      'champions',
      'maturity',
    ])
      expect(s, key).toHaveProperty(key);
    expect(s).toMatchObject({
      programmeId: 'rich',
      name: 'Trauma-informed Testshire',
      ambition: 'A trauma-informed system by 2030',
      version: rich.length,
    });
    expect(s.position).toBe((await becky.allEvents('rich')).at(-1).position);
    expect(Date.parse(s.asOf)).toBeGreaterThan(Date.now() - 60_000);
    expect(s.rag).toEqual({ current: 'green', previous: 'amber', changedOn: '2025-06-02', reason: 'Back on track' });

    expect(s.partners.map((p: Json) => p.partnerId)).toEqual(['council', 'nhs-trust', 'housing']);
    const council = s.partners[0];
    expect(council).toMatchObject({
      partnerId: 'council',
      name: 'Testshire Council',
      sector: 'local-authority',
      lead: 'Alex Lead',
      rag: { current: 'green', previous: 'amber', changedOn: '2025-04-01', reason: 'Recruited' },
      lastReport: { reportedOn: '2025-05-31', lead: 'Sam Lead', summary: 'Second quarter' },
    });
    expect(s.partners[1]).toMatchObject({ partnerId: 'nhs-trust', lead: null, rag: null, lastReport: null });

    const [training] = s.workstreams;
    expect(training).toMatchObject({ workstreamId: 'training', name: 'Training', leadPartnerId: 'council' });
    expect(training.rag).toEqual({
      current: 'red',
      previous: 'amber',
      changedOn: '2025-03-01',
      reason: 'Supplier late',
    });
    expect(training.milestones).toEqual([
      expect.objectContaining({
        milestoneId: 'tier-1-live',
        title: 'Tier 1 e-learning live',
        dueOn: '2025-05-10',
        originalDueOn: '2025-04-30',
        status: 'done',
        completedOn: '2025-05-05',
        slipDays: 10,
      }),
      expect.objectContaining({
        milestoneId: 'tier-2',
        dueOn: '2025-03-01',
        originalDueOn: '2025-03-01',
        status: 'overdue',
        completedOn: null,
        slipDays: 0,
      }),
      expect.objectContaining({ milestoneId: 'tier-3', status: 'open', completedOn: null, slipDays: 0 }),
    ]);

    expect(s.funding).toMatchObject({
      allocatedPence: 6_000_000,
      spentPence: 1_750_000,
      byFinancialYear: [
        { financialYear: '2024/25', allocatedPence: 1_000_000, spentPence: 250_000 },
        { financialYear: '2025/26', allocatedPence: 5_000_000, spentPence: 1_500_000 },
      ],
    });
    expect(s.funding.allocations.map((a: Json) => a.allocationId).sort()).toEqual(['grant-2024', 'grant-2025']);
    expect(s.meetings).toEqual([
      expect.objectContaining({
        meetingId: 'sg-1',
        title: 'Steering group 1',
        attendees: ['council', 'nhs-trust'],
        closedAt: expect.any(String),
      }),
    ]);
    expect(s.decisions).toEqual([
      expect.objectContaining({
        decisionId: 'd-1',
        summary: 'Fund tier 2',
        rationale: 'Demand is high',
        meetingId: 'sg-1',
      }),
    ]);
    expect(s.actions).toEqual([
      expect.objectContaining({ actionId: 'a-1', ownerPartnerId: 'council', dueOn: '2025-07-01', decisionId: 'd-1' }),
    ]);
    expect(s.risks).toEqual([
      expect.objectContaining({ riskId: 'r-1', likelihood: 3, impact: 4, ownerPartnerId: 'nhs-trust' }),
    ]);
    expect(s.training.byLevel).toEqual([
      { level: 1, sessions: 5, attendees: 50, evidenceIds: [] },
      { level: 2, sessions: 1, attendees: 12, evidenceIds: [] },
    ]);
    expect(s.champions).toEqual([
      expect.objectContaining({ championId: 'c-1', partnerId: 'council', name: 'Jo Champion' }),
    ]);
    expect(s.maturity).toEqual([
      expect.objectContaining({
        partnerId: 'council',
        domain: 'leadership',
        level: 'emerging',
        assessedOn: '2025-03-01',
      }),
    ]);
  });

  it('serves from the live read models exactly what the fold of the log gives', async () => {
    const live = await state('rich');
    const folded = await state('rich', `?knownAt=${encodeURIComponent(isoNow())}`);
    expect({ ...folded, asOf: null, knownAt: null }).toEqual({ ...live, asOf: null, knownAt: null });
  });

  it('404 programme_not_found on every read of a programme that does not exist', async () => {
    for (const path of [
      'state',
      'state?asOf=2025-01-01',
      'events',
      'history?subject=partner:council',
      'diff?from=0&to=1',
      'reports/highlight',
      'meetings/sg-1/minutes',
    ])
      expectProblem(await becky.get(`/api/programmes/nowhere/${path}`), 404, 'programme_not_found');
  });
});

describe('time travel', () => {
  it('asOf: valid time, a date meaning the end of that day; back-dated events land where they belong', async () => {
    const early = await state('rich', '?asOf=2025-01-15');
    expect(early.funding.allocations.map((a: Json) => a.allocationId)).toEqual(['grant-2024']);
    expect(early.funding).toMatchObject({ allocatedPence: 1_000_000, spentPence: 0 });
    expect(early.rag).toBeNull();
    expect(early.asOf).toBe('2025-01-15T23:59:59.999Z');

    expect((await state('rich', '?asOf=2025-02-09')).partners.map((p: Json) => p.partnerId)).not.toContain('housing');
    expect((await state('rich', '?asOf=2025-02-10')).partners.map((p: Json) => p.partnerId)).toContain('housing');

    const feb = await state('rich', '?asOf=2025-02-15');
    expect(feb.workstreams[0].rag).toEqual({
      current: 'amber',
      previous: null,
      changedOn: '2025-02-01',
      reason: 'Slow start',
    });
    expect(milestone(feb, 'tier-1-live')).toMatchObject({ dueOn: '2025-04-30', slipDays: 0, status: 'open' });
    expect(milestone(feb, 'tier-2').status).toBe('open');

    // Due on the asOf day is not yet overdue; the day after it is.
    expect(milestone(await state('rich', '?asOf=2025-03-01'), 'tier-2').status).toBe('open');
    expect(milestone(await state('rich', '?asOf=2025-03-02'), 'tier-2').status).toBe('overdue');

    const may1 = await state('rich', '?asOf=2025-05-01');
    expect(milestone(may1, 'tier-1-live')).toMatchObject({
      dueOn: '2025-05-10',
      slipDays: 10,
      status: 'open',
      completedOn: null,
    });
    expect(milestone(await state('rich', '?asOf=2025-05-06'), 'tier-1-live')).toMatchObject({
      status: 'done',
      completedOn: '2025-05-05',
    });
    expect(milestone(await state('rich', '?asOf=2025-05-11T00:00:00Z'), 'tier-2').status).toBe('overdue');
  });

  it('knownAt: recorded time, hiding what was recorded later even when it is back-dated', async () => {
    const p = 'known-at';
    await becky.record(p, baseline());
    await sleep(5);
    const cut = isoNow();
    await sleep(5);
    await becky.record(p, [
      { type: 'AddPartner', data: { partnerId: 'police', name: 'Police', sector: 'police' }, occurredAt: '2025-01-06' },
      { type: 'RaiseRisk', data: { riskId: 'late', title: 'Late', likelihood: 1, impact: 1 } },
    ]);
    const then = await state(p, `?knownAt=${encodeURIComponent(cut)}`);
    expect(then.knownAt).toBe(cut);
    expect(then.version).toBe(baseline().length);
    expect(then.partners.map((x: Json) => x.partnerId)).toEqual(['council', 'nhs-trust']);
    expect(then.risks).toEqual([]);
    const now = await state(p);
    expect(now.version).toBe(baseline().length + 2);
    expect(now.partners.map((x: Json) => x.partnerId)).toContain('police');
    // Both cuts at once: known now, as of before the risk was raised.
    const both = await state(p, `?knownAt=${encodeURIComponent(isoNow())}&asOf=2025-01-06`);
    expect(both.partners.map((x: Json) => x.partnerId)).toEqual(['council', 'nhs-trust', 'police']);
    expect(both.workstreams).toEqual([]);
  });

  it('atPosition: cuts the log at a global position', async () => {
    const p = 'at-position';
    const results = await becky.record(p, baseline());
    await becky.record('other', [{ type: 'RaiseRisk', data: { title: 'Elsewhere', likelihood: 1, impact: 1 } }]);
    const [partner] = await becky.record(p, [
      { type: 'AddPartner', data: { partnerId: 'police', name: 'Police', sector: 'police' } },
    ]);
    const workstreamAt = results[3].position;
    const cut = await state(p, `?atPosition=${workstreamAt}`);
    expect(cut).toMatchObject({ version: 4, position: workstreamAt });
    expect(cut.workstreams.map((w: Json) => w.workstreamId)).toEqual(['training']);
    expect(cut.workstreams[0].milestones).toEqual([]);
    expect(cut.funding.allocations).toEqual([]);
    // A position inside another programme's events cuts this one at its last event before it.
    const between = await state(p, `?atPosition=${partner.position - 1}`);
    expect(between).toMatchObject({ version: baseline().length, position: results.at(-1).position });
    expect(between.partners.map((x: Json) => x.partnerId)).not.toContain('police');
    expect((await state(p, `?atPosition=${partner.position}`)).partners.map((x: Json) => x.partnerId)).toContain(
      'police',
    );
  });

  it('leaves a retracted event out of the fold, but not out of the log or of earlier cuts', async () => {
    const p = 'retraction';
    await becky.record(p, baseline());
    const [mistake] = await becky.record(p, [
      { type: 'AddPartner', data: { partnerId: 'mistake', name: 'Typo', sector: 'other' } },
    ]);
    await sleep(5);
    const beforeRetraction = isoNow();
    await sleep(5);
    const [retraction] = await becky.record(p, [
      { type: 'RetractEvent', data: { eventId: mistake.events[0].id, reason: 'Typo' } },
    ]);
    expect(retraction.events[0].data).toMatchObject({
      eventId: mistake.events[0].id,
      reason: 'Typo',
      retractedType: 'PartnerJoined',
    });
    expect((await state(p)).partners.map((x: Json) => x.partnerId)).toEqual(['council', 'nhs-trust']);
    expect((await becky.allEvents(p)).map((e) => e.id)).toContain(mistake.events[0].id);
    expect((await state(p, `?atPosition=${mistake.position}`)).partners.map((x: Json) => x.partnerId)).toContain(
      'mistake',
    );
    expect(
      (await state(p, `?knownAt=${encodeURIComponent(beforeRetraction)}`)).partners.map((x: Json) => x.partnerId),
    ).toContain('mistake');
    // The id of a retracted thing is free again.
    await becky.record(p, [{ type: 'AddPartner', data: { partnerId: 'mistake', name: 'Corrected', sector: 'other' } }]);
  });

  it('400 invalid_query for a malformed cut', async () => {
    expectProblem(await becky.get('/api/programmes/rich/state?asOf=yesterday'), 400, 'invalid_query');
    expectProblem(await becky.get('/api/programmes/rich/state?atPosition=-1'), 400, 'invalid_query');
    expectProblem(await becky.get('/api/programmes/rich/state?colour=blue'), 400, 'invalid_query');
  });

  it('404 for a cut before the programme was launched, 400 invalid_path for a malformed id', async () => {
    expectProblem(await becky.get('/api/programmes/rich/state?atPosition=0'), 404, 'programme_not_found');
    expectProblem(await becky.get('/api/programmes/Not_A_Slug/state'), 400, 'invalid_path');
  });
});

describe('events, history and diff', () => {
  it('pages /events with after and limit, following next to the end', async () => {
    const all: Json[] = [];
    const pages: number[] = [];
    let after: number | null = 0;
    while (after !== null) {
      const res = await becky.get(`/api/programmes/rich/events?after=${after}&limit=7`);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['events', 'next']);
      pages.push(res.body.events.length);
      all.push(...res.body.events);
      if (res.body.next !== null) expect(res.body.next).toBe(res.body.events.at(-1).position);
      after = res.body.next;
    }
    expect(all.length).toBe(rich.length);
    expect(pages.slice(0, -1).every((n) => n === 7)).toBe(true);
    expect(all.map((e) => e.version)).toEqual(rich.map((_, i) => i + 1));
    expect(all.every((e) => e.programmeId === 'rich')).toBe(true);
    const positions = all.map((e) => e.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));

    const tail = await becky.get(`/api/programmes/rich/events?after=${positions[9]}&limit=1000`);
    expect(tail.body.events.map((e: Json) => e.position)).toEqual(positions.slice(10));
    expect(tail.body.next).toBeNull();
    const exact = await becky.get(`/api/programmes/rich/events?after=${positions.at(-3)}&limit=2`);
    expect(exact.body.events.length).toBe(2);
    expect(exact.body.next).toBeNull();
    // Events of another programme are not served here.
    const other = await becky.allEvents('other');
    expect(other.length).toBeGreaterThan(0);
    expect(other.every((e) => e.programmeId === 'other')).toBe(true);
  });

  it('serves the history of one thing oldest first, including the retraction of one of its events', async () => {
    const p = 'history';
    await becky.record(p, baseline());
    const [amber] = await becky.record(p, [
      ragOf({ kind: 'workstream', id: 'training' }, 'amber', 'Slow', '2025-02-01'),
      { type: 'AddPartner', data: { partnerId: 'police', name: 'Police', sector: 'police' } },
    ]);
    await becky.record(p, [{ type: 'RetractEvent', data: { eventId: amber.events[0].id, reason: 'Wrong colour' } }]);
    const res = await becky.get(`/api/programmes/${p}/history?subject=workstream:training`);
    expect(res.status).toBe(200);
    expect(res.body.map((e: Json) => e.type)).toEqual([
      'WorkstreamCreated',
      'MilestoneAdded',
      'FundingAllocated',
      'RagChanged',
      'EventRetracted',
    ]);
    expect(res.body[4].data.eventId).toBe(amber.events[0].id);
    const positions = res.body.map((e: Json) => e.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));

    const partner = await becky.get(`/api/programmes/${p}/history?subject=partner:council`);
    expect(partner.body.map((e: Json) => e.type)).toEqual(['PartnerJoined']);
    const milestoneHistory = await becky.get(`/api/programmes/${p}/history?subject=milestone:tier-1-live`);
    expect(milestoneHistory.body.map((e: Json) => e.type)).toEqual(['MilestoneAdded']);
  });

  it('400 for a history subject that is not KIND:ID', async () => {
    for (const subject of ['workstream', 'planet:mars', 'workstream:Not_A_Slug', 'workstream:a:b'])
      expectProblem(await becky.get(`/api/programmes/rich/history?subject=${subject}`), 400, 'invalid_query');
    expectProblem(await becky.get('/api/programmes/rich/history'), 400, 'invalid_query');
  });

  it('diffs two positions: things added, fields changed with before and after, retractions', async () => {
    const p = 'diff';
    const launched = await becky.record(p, baseline());
    const from = launched.at(-1).position;
    const [, risk] = await becky.record(p, [
      ragOf({ kind: 'workstream', id: 'training' }, 'amber', 'Slow', '2025-02-01'),
      { type: 'RaiseRisk', data: { riskId: 'r-1', title: 'Turnover', likelihood: 2, impact: 2 } },
      { type: 'AddPartner', data: { partnerId: 'police', name: 'Police', sector: 'police' } },
    ]);
    const [retraction] = await becky.record(p, [
      { type: 'RetractEvent', data: { eventId: risk.events[0].id, reason: 'Duplicate' } },
    ]);
    const res = await becky.get(`/api/programmes/${p}/diff?from=${from}&to=${retraction.position}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.from).toEqual({ position: from });
    expect(res.body.added.map((a: Json) => `${a.kind}:${a.id}`)).toEqual(['partner:police']);
    expect(res.body.changed).toContainEqual({
      kind: 'workstream',
      id: 'training',
      field: 'rag',
      before: null,
      after: { current: 'amber', previous: null, changedOn: '2025-02-01', reason: 'Slow' },
    });
    expect(res.body.removed).toEqual([]);
    expect(res.body.retracted.map((e: Json) => e.id)).toEqual([retraction.events[0].id]);

    // Up to the risk, before its retraction: the risk is new, nothing is retracted yet.
    const partial = await becky.get(`/api/programmes/${p}/diff?from=${from}&to=${risk.position}`);
    expect(partial.body.added.map((a: Json) => `${a.kind}:${a.id}`)).toEqual(['risk:r-1']);
    expect(partial.body.retracted).toEqual([]);
    // The other way round, the risk is removed.
    const back = await becky.get(`/api/programmes/${p}/diff?from=${risk.position}&to=${from}`);
    expect(back.body.removed.map((a: Json) => `${a.kind}:${a.id}`)).toEqual(['risk:r-1']);
  });

  it('diffs two dates or instants (the programme as it stood and was known then)', async () => {
    const p = 'diff-dates';
    await becky.record(p, baseline());
    await sleep(5);
    const t1 = isoNow();
    await sleep(5);
    await becky.record(p, [{ type: 'AddPartner', data: { partnerId: 'police', name: 'Police', sector: 'police' } }]);
    await sleep(5);
    const t2 = isoNow();
    const instants = await becky.get(
      `/api/programmes/${p}/diff?from=${encodeURIComponent(t1)}&to=${encodeURIComponent(t2)}`,
    );
    expect(instants.status, instants.text).toBe(200);
    expect(instants.body.from).toEqual({ date: t1 });
    expect(instants.body.added.map((a: Json) => `${a.kind}:${a.id}`)).toEqual(['partner:police']);
    expect(instants.body.changed).toEqual([]);

    // From a day before anything was recorded to today: everything is new, nothing removed.
    const today = isoNow().slice(0, 10);
    const days = await becky.get(`/api/programmes/${p}/diff?from=2025-01-01&to=${today}`);
    expect(days.status, days.text).toBe(200);
    expect(days.body.added.map((a: Json) => `${a.kind}:${a.id}`)).toEqual(
      expect.arrayContaining([
        'programme:diff-dates',
        'partner:council',
        'partner:police',
        'workstream:training',
        'milestone:tier-1-live',
        'allocation:grant-2025',
      ]),
    );
    expect(days.body.removed).toEqual([]);
    expectProblem(await becky.get(`/api/programmes/${p}/diff?from=soon&to=1`), 400, 'invalid_query');
  });

  it('diffs dates as valid time known now, and cuts recorded time with fromKnownAt and toKnownAt', async () => {
    // 'rich' records the housing partner last, back-dated to 10 Feb 2025: as of 1 Mar it stood.
    const known = await becky.get('/api/programmes/rich/diff?from=2025-02-01&to=2025-03-01');
    expect(known.status, known.text).toBe(200);
    expect(known.body.added.map((a: Json) => `${a.kind}:${a.id}`)).toContain('partner:housing');
    expect(known.body.changed).toContainEqual(
      expect.objectContaining({ kind: 'workstream', id: 'training', field: 'rag' }),
    );
    // As it was known when the programme's first event was recorded, housing was not yet there.
    const [first] = await becky.allEvents('rich');
    const knownAt = encodeURIComponent(first!.recordedAt);
    const then = await becky.get(
      `/api/programmes/rich/diff?from=2025-02-01&to=2025-03-01&fromKnownAt=${knownAt}&toKnownAt=${knownAt}`,
    );
    expect(then.status, then.text).toBe(200);
    expect(then.body.to).toEqual({ date: '2025-03-01', knownAt: first!.recordedAt });
    expect(then.body.added).toEqual([]);
    expect(then.body.changed).toEqual([]);
  });

  it('filters /events on the server by type, subject and dates, newest first on request', async () => {
    const all = await becky.allEvents('rich');
    const get = async (query: string) => {
      const res = await becky.get(`/api/programmes/rich/events?${query}`);
      expect(res.status, res.text).toBe(200);
      return res.body as { events: Json[]; next: number | null };
    };
    const positions = (page: { events: Json[] }) => page.events.map((e) => e.position);

    const rags = await get('type=RagChanged&limit=1000');
    expect(positions(rags)).toEqual(all.filter((e) => e.type === 'RagChanged').map((e) => e.position));
    const two = await get('type=RagChanged,PartnerJoined&limit=1000');
    expect(positions(two)).toEqual(
      all.filter((e) => e.type === 'RagChanged' || e.type === 'PartnerJoined').map((e) => e.position),
    );
    expectProblem(await becky.get('/api/programmes/rich/events?type=NoSuchEvent'), 400, 'invalid_query');

    const byBecky = await get('actor=becky&limit=1000');
    expect(byBecky.events.length).toBe(all.length);
    expect((await get('actor=someone-else')).events).toEqual([]);

    const training = await get('subject=workstream:training&limit=1000');
    expect(training.events.map((e) => e.type)).toEqual(expect.arrayContaining(['WorkstreamCreated', 'RagChanged']));
    expect(training.events.every((e) => e.type !== 'PartnerJoined')).toBe(true);

    const feb = await get('occurredFrom=2025-02-01&occurredTo=2025-02-28&limit=1000');
    expect(feb.events.length).toBeGreaterThan(0);
    expect(feb.events.every((e) => e.occurredAt >= '2025-02-01' && e.occurredAt < '2025-03-01')).toBe(true);
    expect(feb.events.length).toBe(
      all.filter((e) => e.occurredAt >= '2025-02-01' && e.occurredAt < '2025-03-01').length,
    );

    // Newest first, paged back with `before`, meets the oldest-first log in reverse.
    const newest: number[] = [];
    let before: number | null | undefined;
    do {
      const page = await get(`order=newest&limit=5${before ? `&before=${before}` : ''}`);
      newest.push(...positions(page));
      before = page.next;
    } while (before !== null);
    expect(newest).toEqual(all.map((e) => e.position).reverse());
    const newestRag = await get('order=newest&type=RagChanged&limit=1');
    expect(positions(newestRag)).toEqual([all.filter((e) => e.type === 'RagChanged').at(-1)!.position]);
  });
});

describe('reports', () => {
  const highlight = (query: string) => becky.get(`/api/programmes/rich/reports/highlight${query}`);

  it('serves the highlight report as JSON, one row per partner with the contract columns', async () => {
    const res = await highlight('?format=json');
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(res.body.map((r: Json) => r.partnerId)).toEqual(['council', 'nhs-trust', 'housing']);
    // The contract's columns, and the evidence the report cites.
    expect(Object.keys(res.body[0]).sort()).toEqual(
      [
        'partnerId',
        'name',
        'lead',
        'reportedOn',
        'rag',
        'summary',
        'successes',
        'challenges',
        'upcoming',
        'evidence',
      ].sort(),
    );
    expect(res.body[0]).toEqual({
      partnerId: 'council',
      name: 'Testshire Council',
      lead: 'Sam Lead',
      reportedOn: '2025-05-31',
      rag: { previous: 'amber', current: 'green' },
      summary: 'Second quarter',
      successes: ['Second quarter: a success'],
      challenges: ['Second quarter: a challenge, "quoted"'],
      upcoming: [{ title: 'Tier 2 pilot', dueOn: '2025-09-01' }, { title: 'Review' }],
      evidence: [],
    });
    expect(res.body[1]).toMatchObject({
      partnerId: 'nhs-trust',
      reportedOn: null,
      rag: { previous: null, current: null },
      summary: null,
      successes: [],
    });
    const one = await highlight('?partnerId=nhs-trust');
    expect(one.body.map((r: Json) => r.partnerId)).toEqual(['nhs-trust']);
  });

  it('picks the report and RAG as of asOf', async () => {
    const res = await highlight('?asOf=2025-03-15');
    expect(res.body.map((r: Json) => r.partnerId)).toEqual(['council', 'nhs-trust', 'housing']);
    expect(res.body[0]).toMatchObject({
      lead: 'Alex Lead',
      reportedOn: '2025-02-28',
      summary: 'First quarter',
      rag: { previous: null, current: 'amber' },
    });
    const before = await highlight('?asOf=2025-02-09');
    expect(before.body[0]).toMatchObject({ reportedOn: null, summary: null, lead: 'Alex Lead' });
    expect(before.body.map((r: Json) => r.partnerId)).not.toContain('housing');
  });

  it('serves the highlight report as Markdown and CSV', async () => {
    const md = await highlight('?format=md');
    expect(md.status).toBe(200);
    expect(md.contentType).toMatch(/^text\/markdown/);
    expect(md.text).toContain('## Testshire Council');
    expect(md.text).toContain('Second quarter');
    expect(md.text).toMatch(/previous AMBER, current GREEN/);
    expect(md.text).toContain('Tier 2 pilot (due 1 Sept 2025)');
    expect(md.text).toContain('Second quarter: a challenge, "quoted"');

    const csv = await highlight('?format=csv&asOf=2025-03-15');
    expect(csv.status).toBe(200);
    expect(csv.contentType).toMatch(/^text\/csv/);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'partnerId,name,lead,reportedOn,ragPrevious,ragCurrent,summary,successes,challenges,upcoming',
    );
    expect(lines.length).toBe(4);
    expect(lines[1]).toBe(
      'council,Testshire Council,Alex Lead,2025-02-28,,amber,First quarter,First quarter: a success,"First quarter: a challenge, ""quoted""",Tier 2 pilot (2025-09-01); Review',
    );
  });

  it('refuses an unknown format or partner', async () => {
    expectProblem(await highlight('?format=xlsx'), 400, 'invalid_query');
    const unknown = await highlight('?partnerId=nobody');
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('unknown_partner');
  });

  it('serves the minute of a meeting as JSON and Markdown', async () => {
    const res = await becky.get('/api/programmes/rich/meetings/sg-1/minutes');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      meetingId: 'sg-1',
      title: 'Steering group 1',
      attendees: [
        { partnerId: 'council', name: 'Testshire Council' },
        { partnerId: 'nhs-trust', name: 'Testshire NHS Trust' },
      ],
      openedAt: '2025-06-02T00:00:00.000Z',
      closedAt: '2025-06-02T00:00:00.000Z',
    });
    expect(res.body.items.map((i: Json) => i.type)).toEqual([
      'MeetingOpened',
      'DecisionRecorded',
      'ActionAssigned',
      'RagChanged',
      'MeetingClosed',
    ]);
    const positions = res.body.items.map((i: Json) => i.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));

    const md = await becky.get('/api/programmes/rich/meetings/sg-1/minutes?format=md');
    expect(md.status).toBe(200);
    expect(md.contentType).toMatch(/^text\/markdown/);
    expect(md.text).toContain('# Minute: Steering group 1');
    expect(md.text).toContain('### 1. Fund tier 2\n\nRationale: Demand is high.');
    expect(md.text).toContain('| 1 | Write tier 2 plan | Testshire Council | 1 Jul 2025 |');
    // Entered by its date: the day in UK time, and no invented time of day (midnight UTC would print as 01:00).
    expect(md.text).toContain('- Date: Monday 2 June 2025\n- Time: not recorded (entered by its date)');
    // Each entry is numbered within the minute, at the UK time it was recorded.
    expect(md.text).toMatch(/\n1\. \d{2}:\d{2}: RAG: Programme AMBER → GREEN\. Reason: Back on track\n/);
    expect(md.text).toContain('Partners represented: Testshire Council, Testshire NHS Trust');

    expectProblem(await becky.get('/api/programmes/rich/meetings/sg-9/minutes'), 404, 'meeting_not_found');
  });

  it('escapes every user text in Markdown: no raw HTML, links, images or headings get in', async () => {
    const p = 'hostile';
    const hostile = '<b>x</b>\n# Injected heading [link](https://evil.example) ![i](x.png)';
    await becky.record(p, [
      { type: 'LaunchProgramme', data: { name: '# <script>alert(1)</script>' } },
      {
        type: 'AddPartner',
        data: { partnerId: 'evil', name: '## Evil [partner](https://evil.example)', sector: 'other' },
      },
      { type: 'OpenMeeting', data: { meetingId: 'm', title: '<img src=x onerror=alert(1)>', attendees: ['evil'] } },
      { type: 'RecordDecision', data: { summary: hostile, rationale: '- a list?\n> a quote?' } },
      {
        type: 'SubmitHighlightReport',
        data: {
          partnerId: 'evil',
          lead: '**Bold** lead',
          summary: hostile,
          successes: ['# s'],
          challenges: ['<i>c</i>'],
          upcoming: [{ title: '[u](javascript:alert(1))' }],
        },
      },
      { type: 'CloseMeeting', data: { meetingId: 'm' } },
    ]);
    const papers = [
      (await becky.get(`/api/programmes/${p}/meetings/m/minutes?format=md`)).text,
      (await becky.get(`/api/programmes/${p}/reports/highlight?format=md`)).text,
    ];
    for (const text of papers) {
      // Only the paper's own headings start a line with #; no tag, link or image is left unescaped.
      for (const line of text.split('\n').filter((l) => l.startsWith('#')))
        expect(line).toMatch(
          /^#{1,3} (Minute: |Highlight reports: |Decisions$|Actions$|Also recorded$|\d+\. \\|Project summary|Successes|Current challenges|Upcoming milestones|\\#)/,
        );
      expect(text).not.toMatch(/(^|[^\\])</);
      expect(text).not.toMatch(/(^|[^\\])\[/);
      // A bare address becomes a link by itself in GitHub's Markdown: it is shown as code instead.
      expect(text).not.toMatch(/(?<!` )https:\/\//);
      expect(text).toContain('\\# Injected heading');
    }
    expect(papers[0]).toContain('# Minute: \\<img src=x onerror=alert(1)\\>');
    expect(papers[1]).toContain('## \\#\\# Evil \\[partner\\](` https://evil.example) `');
    expect(papers[1]).toContain('- Lead: \\*\\*Bold\\*\\* lead');
  });
});
