import { CommandResponse } from '@steerlog/contract';
import { baseline } from '@steerlog/domain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, Json, Reply, TestServer } from './http.js';
import { expectProblem, isoNow, startTestServer } from './http.js';

const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let server: TestServer;
let becky: Client;

beforeAll(async () => {
  server = await startTestServer();
  becky = await server.as('coordinator', 'becky');
});
afterAll(() => server.stop());

let programmes = 0;
/** A fresh programme holding the domain's baseline: partners council and nhs-trust, workstream training, milestone tier-1-live, allocation grant-2025 (£50,000). */
const givenProgramme = async () => {
  const programmeId = `prog-${++programmes}`;
  await becky.record(programmeId, baseline());
  return programmeId;
};

const snapshot = async (programmeId: string) => ({
  events: await becky.allEvents(programmeId),
  state: (await becky.get(`/api/programmes/${programmeId}/state`)).body,
  programmes: (await becky.get('/api/programmes')).body,
});

/** Sends a command that must be refused, and checks that the log and the read models did not move. */
const refused = async (programmeId: string, command: unknown, send?: () => Promise<Reply>): Promise<Reply> => {
  const before = await snapshot(programmeId);
  const res = await (send ? send() : becky.command(programmeId, command as Record<string, unknown>));
  const after = await snapshot(programmeId);
  expect(after.events.map((e: Json) => e.position)).toEqual(before.events.map((e: Json) => e.position));
  expect(after.state.version).toBe(before.state.version);
  expect({ ...after.state, asOf: null, knownAt: null }).toEqual({ ...before.state, asOf: null, knownAt: null });
  expect(after.programmes).toEqual(before.programmes);
  return res;
};

const eventIdOf = async (programmeId: string, type: string) =>
  (await becky.allEvents(programmeId)).find((e) => e.type === type)!.id as string;

describe('201: accepted commands', () => {
  it('answers {events, version, position} with every envelope field, positions from 1 and versions per programme', async () => {
    const before = isoNow();
    const res = await becky.command('envelope', {
      type: 'LaunchProgramme',
      data: { name: 'Envelope', ambition: 'A trauma-informed city' },
      occurredAt: '2025-01-06',
    });
    const after = isoNow();
    expect(res.status, res.text).toBe(201);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(Object.keys(res.body).sort()).toEqual(['events', 'position', 'version']);
    expect(res.body).toMatchObject({ version: 1, position: 1 });
    const [event] = res.body.events;
    expect(Object.keys(event).sort()).toEqual(
      [
        'position',
        'programmeId',
        'version',
        'id',
        'type',
        'schemaVersion',
        'occurredAt',
        'recordedAt',
        'actor',
        'data',
        'meta',
        'hash',
      ].sort(),
    );
    expect(event).toMatchObject({
      position: 1,
      programmeId: 'envelope',
      version: 1,
      type: 'ProgrammeLaunched',
      schemaVersion: 1,
      occurredAt: '2025-01-06T00:00:00.000Z',
      actor: 'becky',
      data: { programmeId: 'envelope', name: 'Envelope', ambition: 'A trauma-informed city' },
      meta: { correlationId: expect.any(String), causationId: null },
    });
    expect(event.id).toMatch(UUID);
    expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(event.recordedAt >= before && event.recordedAt <= after).toBe(true);

    // A second programme takes the next global position but starts its own versions at 1.
    const other = await becky.command('envelope-2', { type: 'LaunchProgramme', data: { name: 'Other' } });
    expect(other.body).toMatchObject({ version: 1, position: 2 });
    const next = await becky.command('envelope', {
      type: 'AddPartner',
      data: { partnerId: 'council', name: 'Council', sector: 'local-authority' },
    });
    expect(next.body).toMatchObject({ version: 2, position: 3 });
    expect(next.body.events[0].hash).not.toBe(event.hash);
    // Without occurredAt the event happened when it was recorded.
    expect(next.body.events[0].occurredAt).toBe(next.body.events[0].recordedAt);
    expect((await becky.allEvents('envelope')).map((e) => e.id)).toEqual([event.id, next.body.events[0].id]);
  });

  it('sends exactly what the CommandResponse schema would serialise, meeting and illustrative meta included', async () => {
    const bodies = await becky.record('served-as-schema', [
      { type: 'LaunchProgramme', data: { name: 'Served' } },
      { type: 'AddPartner', data: { partnerId: 'council', name: 'Council', sector: 'local-authority' } },
      { type: 'OpenMeeting', data: { meetingId: 'board', title: 'Board', attendees: ['council'] } },
      {
        type: 'ChangeRag',
        data: { subject: { kind: 'programme' }, rag: 'amber', reason: 'late' },
        illustrative: true,
      },
    ]);
    expect(bodies.at(-1).events[0].meta).toMatchObject({ meetingId: 'board', illustrative: true });
    for (const body of bodies) expect(body).toStrictEqual(CommandResponse.parse(body));
  });

  it('records the token name as actor; a client cannot set actor or recordedAt', async () => {
    const programmeId = await givenProgramme();
    const sam = await server.as('coordinator', 'sam');
    const res = await sam.command(programmeId, {
      type: 'RaiseRisk',
      data: { title: 'Staff turnover', likelihood: 3, impact: 4 },
    });
    expect(res.body.events[0].actor).toBe('sam');
    for (const field of ['actor', 'recordedAt']) {
      const forged = await refused(programmeId, {
        type: 'RaiseRisk',
        data: { title: 'Forged', likelihood: 1, impact: 1 },
        [field]: field === 'actor' ? 'mallory' : '2020-01-01T00:00:00.000Z',
      });
      expectProblem(forged, 400, 'invalid_body');
    }
  });

  it('accepts every command type of the contract, generating the ids left out and putting them in data', async () => {
    const p = 'every-command';
    const seen = new Map<string, Json>();
    const send = async (command: Record<string, unknown>, eventType: string) => {
      const res = await becky.command(p, command);
      expect(res.status, `${String(command['type'])}: ${res.text}`).toBe(201);
      expect(res.body.events.map((e: Json) => e.type)).toEqual([eventType]);
      seen.set(String(command['type']), res.body.events[0]);
      return res.body.events[0].data;
    };
    const generated = (data: Json, field: string) => {
      expect(data[field], field).toMatch(SLUG);
      return data[field] as string;
    };
    await send(
      { type: 'LaunchProgramme', data: { name: 'Every command' }, occurredAt: '2025-01-06' },
      'ProgrammeLaunched',
    );
    const partnerId = generated(
      await send({ type: 'AddPartner', data: { name: 'Council', sector: 'local-authority' } }, 'PartnerJoined'),
      'partnerId',
    );
    const workstreamId = generated(
      await send({ type: 'CreateWorkstream', data: { name: 'Training' } }, 'WorkstreamCreated'),
      'workstreamId',
    );
    const milestoneId = generated(
      await send(
        { type: 'AddMilestone', data: { workstreamId, title: 'Tier 1 live', dueOn: '2025-04-30' } },
        'MilestoneAdded',
      ),
      'milestoneId',
    );
    await send(
      { type: 'RescheduleMilestone', data: { milestoneId, dueOn: '2025-05-31', reason: 'Supplier late' } },
      'MilestoneRescheduled',
    );
    await send({ type: 'CompleteMilestone', data: { milestoneId, completedOn: '2025-05-20' } }, 'MilestoneCompleted');
    const allocationId = generated(
      await send(
        { type: 'AllocateFunding', data: { source: 'Home Office', amountPence: 100_000, financialYear: '2025/26' } },
        'FundingAllocated',
      ),
      'allocationId',
    );
    await send(
      { type: 'RecordSpend', data: { allocationId, amountPence: 40_000, spentOn: '2025-06-01' } },
      'FundingSpent',
    );
    const rag = await send(
      { type: 'ChangeRag', data: { subject: { kind: 'programme' }, rag: 'amber', reason: 'Slow start' } },
      'RagChanged',
    );
    expect(rag.previous).toBeNull();
    const meetingId = generated(
      await send({ type: 'OpenMeeting', data: { title: 'Steering group', attendees: [partnerId] } }, 'MeetingOpened'),
      'meetingId',
    );
    const decision = await send({ type: 'RecordDecision', data: { summary: 'Go ahead' } }, 'DecisionRecorded');
    const decisionId = generated(decision, 'decisionId');
    expect(decision.meetingId).toBe(meetingId);
    const actionId = generated(
      await send(
        {
          type: 'AssignAction',
          data: { title: 'Book venue', ownerPartnerId: partnerId, dueOn: '2025-07-01', decisionId },
        },
        'ActionAssigned',
      ),
      'actionId',
    );
    await send({ type: 'CompleteAction', data: { actionId, completedOn: '2025-06-20' } }, 'ActionCompleted');
    const riskId = generated(
      await send({ type: 'RaiseRisk', data: { title: 'Turnover', likelihood: 2, impact: 5 } }, 'RiskRaised'),
      'riskId',
    );
    await send({ type: 'CloseRisk', data: { riskId, reason: 'Mitigated' } }, 'RiskClosed');
    await send(
      {
        type: 'RecordTraining',
        data: { level: 1, audience: 'Front line', sessions: 3, attendees: 45, deliveredOn: '2025-06-10' },
      },
      'TrainingDelivered',
    );
    generated(
      await send({ type: 'AppointChampion', data: { partnerId, name: 'Jo Champion' } }, 'ChampionAppointed'),
      'championId',
    );
    await send(
      { type: 'AssessMaturity', data: { domain: 'leadership', level: 'emerging', evidence: 'Board paper' } },
      'MaturityAssessed',
    );
    await send(
      {
        type: 'SubmitHighlightReport',
        data: {
          partnerId,
          lead: 'Alex Lead',
          summary: 'On track',
          successes: ['Launched'],
          challenges: [],
          upcoming: [{ title: 'Tier 2', dueOn: '2025-09-01' }, { title: 'Review' }],
        },
      },
      'HighlightReportSubmitted',
    );
    await send({ type: 'CloseMeeting', data: { meetingId } }, 'MeetingClosed');
    const retraction = await send(
      { type: 'RetractEvent', data: { eventId: seen.get('RaiseRisk').id, reason: 'Raised in error' } },
      'EventRetracted',
    );
    expect(retraction.eventId).toBe(seen.get('RaiseRisk').id);

    expect([...seen.keys()].sort()).toEqual(
      [
        'LaunchProgramme',
        'AddPartner',
        'CreateWorkstream',
        'AddMilestone',
        'RescheduleMilestone',
        'CompleteMilestone',
        'AllocateFunding',
        'RecordSpend',
        'ChangeRag',
        'OpenMeeting',
        'CloseMeeting',
        'RecordDecision',
        'AssignAction',
        'CompleteAction',
        'RaiseRisk',
        'CloseRisk',
        'RecordTraining',
        'AppointChampion',
        'AssessMaturity',
        'SubmitHighlightReport',
        'RetractEvent',
      ].sort(),
    );
    const state = (await becky.get(`/api/programmes/${p}/state`)).body;
    expect(state.version).toBe(seen.size);
    expect(state.risks).toEqual([]);
    expect(state.partners.map((x: Json) => x.partnerId)).toEqual([partnerId]);
  });
});

describe('400 invalid_body', () => {
  const cases: [string, (programmeId: string) => Promise<Reply>, string][] = [
    [
      'a body that is not JSON',
      (p) =>
        becky.request('POST', `/api/programmes/${p}/commands`, {
          raw: '{"type": "AddPartner", ',
          headers: { 'content-type': 'application/json' },
        }),
      '',
    ],
    ['an unknown command type', (p) => becky.command(p, { type: 'LaunchRocket', data: {} }), 'type'],
    ['a missing field', (p) => becky.command(p, { type: 'AddPartner', data: { sector: 'nhs' } }), 'data.name'],
    [
      'an ill-typed field',
      (p) =>
        becky.command(p, {
          type: 'AllocateFunding',
          data: { source: 'Fund', amountPence: '100', financialYear: '2025/26' },
        }),
      'data.amountPence',
    ],
    [
      'a non-integer amount',
      (p) =>
        becky.command(p, {
          type: 'AllocateFunding',
          data: { source: 'Fund', amountPence: 10.5, financialYear: '2025/26' },
        }),
      'data.amountPence',
    ],
    [
      'a bad financial year',
      (p) =>
        becky.command(p, {
          type: 'AllocateFunding',
          data: { source: 'Fund', amountPence: 10, financialYear: '2025/27' },
        }),
      'data.financialYear',
    ],
    [
      'a bad date',
      (p) =>
        becky.command(p, { type: 'AddMilestone', data: { workstreamId: 'training', title: 'T', dueOn: '30/04/2025' } }),
      'data.dueOn',
    ],
    [
      'an unknown field at the top level',
      (p) => becky.command(p, { type: 'AddPartner', data: { name: 'N', sector: 'nhs' }, colour: 'blue' }),
      '',
    ],
    [
      'an unknown field in data',
      (p) => becky.command(p, { type: 'AddPartner', data: { name: 'N', sector: 'nhs', colour: 'blue' } }),
      'data',
    ],
    [
      'an id that is not a slug',
      (p) => becky.command(p, { type: 'AddPartner', data: { partnerId: 'Not A Slug', name: 'N', sector: 'nhs' } }),
      'data.partnerId',
    ],
    [
      'an occurredAt in the future',
      (p) =>
        becky.command(p, {
          type: 'AddPartner',
          data: { name: 'N', sector: 'nhs' },
          occurredAt: new Date(Date.now() + 86_400_000).toISOString(),
        }),
      'occurredAt',
    ],
    [
      'a future date without a time',
      (p) =>
        becky.command(p, {
          type: 'AddPartner',
          data: { name: 'N', sector: 'nhs' },
          occurredAt: new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10),
        }),
      'occurredAt',
    ],
  ];

  let programmeId: string;
  beforeAll(async () => {
    programmeId = await givenProgramme();
  });

  it.each(cases)('refuses %s, naming the field, and appends nothing', async (_name, send, path) => {
    const res = await refused(programmeId, null, () => send(programmeId));
    expectProblem(res, 400, 'invalid_body');
    expect(res.body.errors.map((e: Json) => e.path)).toContain(path);
  });

  it('names the unknown field in the message', async () => {
    const res = await becky.command(programmeId, {
      type: 'AddPartner',
      data: { name: 'N', sector: 'nhs', colour: 'blue' },
    });
    expect(JSON.stringify(res.body.errors)).toContain('colour');
  });
});

describe('404, 409 and 413', () => {
  it('404 programme_not_found for a command to a programme that does not exist', async () => {
    const res = await becky.command('nowhere', { type: 'AddPartner', data: { name: 'N', sector: 'nhs' } });
    expectProblem(res, 404, 'programme_not_found');
    expect((await becky.get('/api/programmes')).body.map((p: Json) => p.programmeId)).not.toContain('nowhere');
  });

  it('409 version_conflict for a stale expectedVersion; the current one is accepted', async () => {
    const programmeId = await givenProgramme();
    const version = (await becky.get(`/api/programmes/${programmeId}/state`)).body.version;
    const add = (expectedVersion: number) => ({
      type: 'RaiseRisk',
      data: { title: 'Risk', likelihood: 1, impact: 1 },
      expectedVersion,
    });
    expectProblem(await refused(programmeId, add(version - 1)), 409, 'version_conflict');
    expectProblem(await refused(programmeId, add(version + 1)), 409, 'version_conflict');
    const ok = await becky.command(programmeId, add(version));
    expect(ok.status, ok.text).toBe(201);
    expect(ok.body.version).toBe(version + 1);
  });

  it('409 programme_exists for LaunchProgramme on an existing programme', async () => {
    const programmeId = await givenProgramme();
    const res = await refused(programmeId, { type: 'LaunchProgramme', data: { name: 'Again' } });
    expectProblem(res, 409, 'programme_exists');
  });

  it('413 body_too_large over 64 KiB', async () => {
    const programmeId = await givenProgramme();
    const res = await refused(programmeId, {
      type: 'RaiseRisk',
      data: { title: 'x'.repeat(65 * 1024), likelihood: 1, impact: 1 },
    });
    expectProblem(res, 413, 'body_too_large');
  });
});

describe('422: the domain says no', () => {
  type Case = [code: string, given: Record<string, unknown>[], command: unknown];
  const workstreamRag = (value: string) => ({
    type: 'ChangeRag',
    data: { subject: { kind: 'workstream', id: 'training' }, rag: value, reason: 'Review' },
  });
  const cases: Case[] = [
    [
      'unknown_workstream',
      [],
      { type: 'AddMilestone', data: { workstreamId: 'nope', title: 'T', dueOn: '2025-05-01' } },
    ],
    ['unknown_partner', [], { type: 'AppointChampion', data: { partnerId: 'nope', name: 'Jo' } }],
    ['unknown_milestone', [], { type: 'CompleteMilestone', data: { milestoneId: 'nope', completedOn: '2025-05-01' } }],
    [
      'unknown_allocation',
      [],
      { type: 'RecordSpend', data: { allocationId: 'nope', amountPence: 1, spentOn: '2025-05-01' } },
    ],
    ['rag_unchanged', [workstreamRag('amber')], workstreamRag('amber')],
    [
      'milestone_already_completed',
      [{ type: 'CompleteMilestone', data: { milestoneId: 'tier-1-live', completedOn: '2025-04-20' } }],
      { type: 'CompleteMilestone', data: { milestoneId: 'tier-1-live', completedOn: '2025-04-21' } },
    ],
    [
      'overspend',
      [{ type: 'RecordSpend', data: { allocationId: 'grant-2025', amountPence: 4_000_000, spentOn: '2025-05-01' } }],
      { type: 'RecordSpend', data: { allocationId: 'grant-2025', amountPence: 1_000_001, spentOn: '2025-05-02' } },
    ],
    [
      'already_retracted',
      [],
      async (p: string) => {
        const eventId = await eventIdOf(p, 'MilestoneAdded');
        await becky.record(p, [{ type: 'RetractEvent', data: { eventId, reason: 'Wrong' } }]);
        return { type: 'RetractEvent', data: { eventId, reason: 'Wrong again' } };
      },
    ],
    [
      'not_retractable',
      [],
      async (p: string) => ({
        type: 'RetractEvent',
        data: { eventId: await eventIdOf(p, 'ProgrammeLaunched'), reason: 'No' },
      }),
    ],
    [
      'duplicate_id',
      [],
      { type: 'AddPartner', data: { partnerId: 'council', name: 'Council again', sector: 'local-authority' } },
    ],
    [
      'meeting_already_open',
      [{ type: 'OpenMeeting', data: { meetingId: 'sg-1', title: 'Steering group', attendees: [] } }],
      { type: 'OpenMeeting', data: { meetingId: 'sg-2', title: 'Another', attendees: [] } },
    ],
  ];

  it.each(cases)('422 %s, appending nothing', async (code, given, make) => {
    const programmeId = await givenProgramme();
    await becky.record(programmeId, given);
    const command: unknown = typeof make === 'function' ? await (make as (p: string) => unknown)(programmeId) : make;
    const res = await refused(programmeId, command);
    expectProblem(res, 422, code);
  });
});

describe('Idempotency-Key', () => {
  const risk = (title: string) => ({ type: 'RaiseRisk', data: { title, likelihood: 2, impact: 2 } });

  it('returns the first response for the same key and body, and appends nothing', async () => {
    const programmeId = await givenProgramme();
    const first = await becky.command(programmeId, risk('Turnover'), { 'idempotency-key': 'retry-1' });
    expect(first.status, first.text).toBe(201);
    const count = (await becky.allEvents(programmeId)).length;
    const again = await becky.command(programmeId, risk('Turnover'), { 'idempotency-key': 'retry-1' });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect((await becky.allEvents(programmeId)).length).toBe(count);
    // Without the key the same body is a new command.
    const fresh = await becky.command(programmeId, risk('Turnover'));
    expect(fresh.body.events[0].id).not.toBe(first.body.events[0].id);
  });

  it('422 idempotency_key_reused for the same key with another body, appending nothing', async () => {
    const programmeId = await givenProgramme();
    await becky.command(programmeId, risk('Turnover'), { 'idempotency-key': 'retry-2' });
    const res = await refused(programmeId, null, () =>
      becky.command(programmeId, risk('Something else'), { 'idempotency-key': 'retry-2' }),
    );
    expectProblem(res, 422, 'idempotency_key_reused');
  });

  it("keeps one client's key apart from another's", async () => {
    const programmeId = await givenProgramme();
    const other = await server.as('coordinator', 'other');
    const mine = await becky.command(programmeId, risk('Turnover'), { 'idempotency-key': 'shared' });
    const theirs = await other.command(programmeId, risk('Turnover'), { 'idempotency-key': 'shared' });
    expect(theirs.status).toBe(201);
    expect(theirs.body.events[0].id).not.toBe(mine.body.events[0].id);
    expect(theirs.body.events[0].actor).toBe('other');
  });
});

describe('meetings', () => {
  it('stamps meta.meetingId on every event recorded while a meeting is open; RecordDecision takes the meeting', async () => {
    const programmeId = await givenProgramme();
    const [before] = await becky.record(programmeId, [
      { type: 'RaiseRisk', data: { title: 'Before', likelihood: 1, impact: 1 } },
    ]);
    const during = await becky.record(programmeId, [
      { type: 'OpenMeeting', data: { meetingId: 'sg-1', title: 'Steering group', attendees: ['council'] } },
      { type: 'RecordDecision', data: { summary: 'Fund tier 2' } },
      rag('amber'),
      { type: 'AssignAction', data: { title: 'Write plan', ownerPartnerId: 'council', dueOn: '2025-09-01' } },
      { type: 'CloseMeeting', data: { meetingId: 'sg-1' } },
    ]);
    const [after, decisionAfter] = await becky.record(programmeId, [
      rag('red'),
      { type: 'RecordDecision', data: { summary: 'Outside any meeting' } },
    ]);
    expect(before.events[0].meta.meetingId).toBeUndefined();
    for (const r of during) expect(r.events[0].meta.meetingId, r.events[0].type).toBe('sg-1');
    expect(during[1].events[0].data.meetingId).toBe('sg-1');
    expect(after.events[0].meta.meetingId).toBeUndefined();
    expect(decisionAfter.events[0].data.meetingId).toBeNull();
    const state = (await becky.get(`/api/programmes/${programmeId}/state`)).body;
    expect(state.decisions.map((d: Json) => [d.summary, d.meetingId])).toEqual([
      ['Fund tier 2', 'sg-1'],
      ['Outside any meeting', null],
    ]);
  });

  it('lets a decision name a past meeting explicitly', async () => {
    const programmeId = await givenProgramme();
    await becky.record(programmeId, [
      { type: 'OpenMeeting', data: { meetingId: 'sg-1', title: 'First', attendees: [] } },
      { type: 'CloseMeeting', data: { meetingId: 'sg-1' } },
    ]);
    const [res] = await becky.record(programmeId, [
      { type: 'RecordDecision', data: { summary: 'Agreed by email', meetingId: 'sg-1' } },
    ]);
    expect(res.events[0].data.meetingId).toBe('sg-1');
    expect(res.events[0].meta.meetingId).toBeUndefined();
  });
});

const rag = (value: string) => ({
  type: 'ChangeRag',
  data: { subject: { kind: 'programme' }, rag: value, reason: `Now ${value}` },
});
