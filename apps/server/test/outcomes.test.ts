import { baseline } from '@steerlog/domain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, Json, Reply, TestServer } from './http.js';
import { expectProblem, startTestServer, upload } from './http.js';

let server: TestServer;
let becky: Client;

beforeAll(async () => {
  server = await startTestServer();
  becky = await server.as('coordinator', 'becky');
});
afterAll(() => server.stop());

let programmes = 0;
const givenProgramme = async () => {
  const programmeId = `out-${++programmes}`;
  await becky.record(programmeId, baseline());
  return programmeId;
};
const stateOf = async (programmeId: string) => (await becky.get(`/api/programmes/${programmeId}/state`)).body;
const positions = async (programmeId: string) => (await becky.allEvents(programmeId)).map((e: Json) => e.position);

/** A command that must be refused with `status` and `code`, appending nothing. */
const refused = async (programmeId: string, status: number, code: string, send: () => Promise<Reply>) => {
  const before = await positions(programmeId);
  const res = await send();
  expectProblem(res, status, code);
  expect(await positions(programmeId)).toEqual(before);
  return res;
};

const indicator = {
  type: 'DefineIndicator',
  data: {
    indicatorId: 'staff-trained',
    name: 'Staff trained at level 1',
    unit: 'percent',
    direction: 'increase',
    baseline: { value: 10, on: '2025-01-01' },
    target: { value: 50, by: '2025-11-01' },
    ownerPartnerId: 'council',
  },
  occurredAt: '2025-01-07',
};

describe('indicators', () => {
  it('defines an indicator and follows its measurements to a status as of any date', async () => {
    const p = await givenProgramme();
    await becky.record(p, [
      indicator,
      {
        type: 'RecordMeasurement',
        data: { indicatorId: 'staff-trained', value: 25, on: '2025-06-02' },
        occurredAt: '2025-06-02',
      },
    ]);
    const [i] = (await stateOf(p)).indicators;
    expect(i).toMatchObject({
      status: 'off-track',
      latest: { value: 25 },
      baseline: { value: 10 },
      target: { value: 50 },
    });
    const before = (await becky.get(`/api/programmes/${p}/state?asOf=2025-05-01`)).body.indicators[0];
    expect(before).toMatchObject({ status: 'no-data', measurements: [] });
  });

  it('refuses a target in the wrong direction, a measurement of an unknown indicator and a value that is not a number', async () => {
    const p = await givenProgramme();
    await refused(p, 422, 'target_wrong_direction', () =>
      becky.command(p, { ...indicator, data: { ...indicator.data, direction: 'decrease' } }),
    );
    await becky.record(p, [indicator]);
    await refused(p, 422, 'unknown_indicator', () =>
      becky.command(p, { type: 'RecordMeasurement', data: { indicatorId: 'nope', value: 1, on: '2025-02-01' } }),
    );
    const res = await refused(p, 400, 'invalid_body', () =>
      becky.command(p, {
        type: 'RecordMeasurement',
        data: { indicatorId: 'staff-trained', value: '12%', on: '2025-02-01' },
      }),
    );
    expect(res.body.errors[0].path).toBe('data.value');
  });

  it("lets a partner lead record measurements of their own organisation's indicators only", async () => {
    const p = await givenProgramme();
    await becky.record(p, [
      indicator,
      { ...indicator, data: { ...indicator.data, indicatorId: 'nhs-one', ownerPartnerId: 'nhs-trust' } },
    ]);
    const lead = await server.as('partner', 'alex', 'council', p);
    const measure = (indicatorId: string) =>
      lead.command(p, { type: 'RecordMeasurement', data: { indicatorId, value: 20, on: '2025-03-01' } });
    expect((await measure('staff-trained')).status).toBe(201);
    await refused(p, 403, 'forbidden', () => measure('nhs-one'));
  });
});

describe('issues and asks', () => {
  it('raises an issue (a partner lead for their own organisation), responds to it, and shows both in the state', async () => {
    const p = await givenProgramme();
    const lead = await server.as('partner', 'alex', 'council', p);
    const [raised] = await lead.record(p, [
      {
        type: 'RaiseIssue',
        data: { issueId: 'q1', kind: 'question', title: 'Who funds year 3?', addressedTo: 'board' },
      },
    ]);
    expect(raised.events[0].data.raisedByPartnerId).toBe('council');
    await refused(p, 403, 'forbidden', () =>
      lead.command(p, { type: 'RaiseIssue', data: { kind: 'barrier', title: 'X', raisedByPartnerId: 'nhs-trust' } }),
    );
    await becky.record(p, [
      { type: 'RespondToIssue', data: { issueId: 'q1', response: 'Agenda item 4', status: 'answered' } },
    ]);
    expect((await stateOf(p)).issues).toEqual([
      expect.objectContaining({
        issueId: 'q1',
        kind: 'question',
        addressedTo: 'board',
        status: 'answered',
        raisedByPartnerId: 'council',
        responses: [expect.objectContaining({ response: 'Agenda item 4', status: 'answered' })],
      }),
    ]);
    await refused(p, 422, 'unknown_issue', () =>
      becky.command(p, { type: 'RespondToIssue', data: { issueId: 'q2', response: 'x', status: 'resolved' } }),
    );
  });
});

describe('workstreams and risks', () => {
  it('closes a workstream (merged into another); it takes no new milestones; its history shows it', async () => {
    const p = await givenProgramme();
    await becky.record(p, [
      { type: 'CreateWorkstream', data: { workstreamId: 'principles', name: 'Principles' } },
      {
        type: 'CloseWorkstream',
        data: { workstreamId: 'principles', reason: 'Merged', mergedIntoWorkstreamId: 'training' },
      },
    ]);
    const w = (await stateOf(p)).workstreams.find((x: Json) => x.workstreamId === 'principles');
    expect(w).toMatchObject({ status: 'closed', mergedIntoWorkstreamId: 'training', closedReason: 'Merged' });
    await refused(p, 422, 'workstream_closed', () =>
      becky.command(p, { type: 'AddMilestone', data: { workstreamId: 'principles', title: 'T', dueOn: '2026-01-01' } }),
    );
    const history = (await becky.get(`/api/programmes/${p}/history?subject=workstream:principles`)).body as Json[];
    expect(history.map((e) => e.type)).toEqual(['WorkstreamCreated', 'WorkstreamClosed']);
  });

  it('rescores a risk: score is likelihood x impact, with its history', async () => {
    const p = await givenProgramme();
    await becky.record(p, [
      { type: 'RaiseRisk', data: { riskId: 'gap', title: 'Funding gap', likelihood: 4, impact: 5 } },
      { type: 'RescoreRisk', data: { riskId: 'gap', likelihood: 2, impact: 5, reason: 'Bid won' } },
    ]);
    const [risk] = (await stateOf(p)).risks;
    expect(risk).toMatchObject({ score: 10, scoreHistory: [{ score: 20 }, { score: 10, reason: 'Bid won' }] });
    const history = (await becky.get(`/api/programmes/${p}/history?subject=risk:gap`)).body as Json[];
    expect(history.map((e) => e.type)).toEqual(['RiskRaised', 'RiskRescored']);
    await refused(p, 422, 'risk_unchanged', () =>
      becky.command(p, { type: 'RescoreRisk', data: { riskId: 'gap', likelihood: 2, impact: 5, reason: 'x' } }),
    );
  });
});

describe('corrections', () => {
  it('retracts and records the replacement in one append, and history shows the correction', async () => {
    const p = await givenProgramme();
    const milestone = (await becky.allEvents(p)).find((e: Json) => e.type === 'MilestoneAdded');
    const [res] = await becky.record(p, [
      {
        type: 'CorrectEvent',
        data: {
          eventId: milestone.id,
          reason: 'Wrong due date',
          replacement: { type: 'AddMilestone', data: { ...milestone.data, dueOn: '2025-05-31' } },
        },
      },
    ]);
    expect(res.events.map((e: Json) => e.type)).toEqual(['EventRetracted', 'MilestoneAdded']);
    expect(res.events[1].meta.correctionOf).toBe(milestone.id);
    expect(res.events[1].occurredAt).toBe(milestone.occurredAt);
    expect(res.events[1].position).toBe(res.events[0].position + 1);
    const m = (await stateOf(p)).workstreams[0].milestones[0];
    expect(m).toMatchObject({ milestoneId: 'tier-1-live', dueOn: '2025-05-31', originalDueOn: '2025-05-31' });
    const history = (await becky.get(`/api/programmes/${p}/history?subject=milestone:tier-1-live`)).body as Json[];
    expect(history.map((e) => e.type)).toEqual(['MilestoneAdded', 'EventRetracted', 'MilestoneAdded']);
  });

  it('refuses a replacement of another type, an invalid one (naming the field), a retraction and a retracted event', async () => {
    const p = await givenProgramme();
    const events = await becky.allEvents(p);
    const milestone = events.find((e: Json) => e.type === 'MilestoneAdded');
    const correct = (eventId: string, replacement: unknown) =>
      becky.command(p, { type: 'CorrectEvent', data: { eventId, reason: 'r', replacement } });
    await refused(p, 422, 'correction_type_mismatch', () => correct(milestone.id, { type: 'RaiseRisk', data: {} }));
    const invalid = await refused(p, 422, 'invalid_replacement', () =>
      correct(milestone.id, { type: 'AddMilestone', data: { ...milestone.data, dueOn: 'next week' } }),
    );
    expect(invalid.body.detail).toMatch(/replacement\.data\.dueOn/);
    const [retraction] = await becky.record(p, [
      { type: 'RetractEvent', data: { eventId: milestone.id, reason: 'gone' } },
    ]);
    await refused(p, 422, 'already_retracted', () =>
      correct(milestone.id, { type: 'AddMilestone', data: milestone.data }),
    );
    await refused(p, 422, 'not_retractable', () =>
      correct(retraction.events[0].id, { type: 'RetractEvent', data: { eventId: milestone.id, reason: 'x' } }),
    );
  });
});

describe('evidence', () => {
  const pdf = new TextEncoder().encode('%PDF-1.4 survey results');

  it('stores an upload with its type, returns its hash, and downloads it as an attachment', async () => {
    const p = await givenProgramme();
    const res = await upload(becky, p, pdf, { fileName: 'Survey "final"/2025.pdf' });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ bytes: pdf.byteLength, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(res.body.events[0]).toMatchObject({
      type: 'EvidenceAttached',
      data: { fileName: 'Survey "final"/2025.pdf', mediaType: 'application/pdf', about: 'workstream:training' },
    });
    const got = await fetch(`${becky.url}/api/programmes/${p}/evidence/${res.body.evidenceId}`, {
      headers: { authorization: `Bearer ${becky.token}` },
    });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('content-disposition')).toBe(`attachment; filename="2025.pdf"; filename*=UTF-8''2025.pdf`);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(pdf);
    // Measurements, decisions, training and assessments may cite it; an unknown id is refused.
    const evidenceId = res.body.evidenceId as string;
    await becky.record(p, [
      indicator,
      {
        type: 'RecordMeasurement',
        data: { indicatorId: 'staff-trained', value: 20, on: '2025-03-01', evidenceIds: [evidenceId] },
      },
      { type: 'RecordDecision', data: { decisionId: 'd1', summary: 'Adopt', evidenceIds: [evidenceId] } },
    ]);
    expect((await stateOf(p)).decisions[0].evidenceIds).toEqual([evidenceId]);
    await refused(p, 422, 'unknown_evidence', () =>
      becky.command(p, {
        type: 'AssessMaturity',
        data: { domain: 'strategy', level: 'emerging', evidenceIds: ['nope'] },
      }),
    );
  });

  it('refuses an empty file, one over 20 MiB, an unknown subject, and AttachEvidence sent as a command', async () => {
    const p = await givenProgramme();
    await refused(p, 422, 'empty_file', () => upload(becky, p, new Uint8Array(0)));
    await refused(p, 413, 'body_too_large', () => upload(becky, p, new Uint8Array(20 * 1024 * 1024 + 1)));
    await refused(p, 422, 'unknown_evidence_subject', () => upload(becky, p, pdf, { about: 'decision:nope' }));
    await refused(p, 422, 'evidence_upload_required', () =>
      becky.command(p, {
        type: 'AttachEvidence',
        data: {
          sha256: 'a'.repeat(64),
          fileName: 'x.pdf',
          mediaType: 'application/pdf',
          bytes: 1,
          about: 'workstream:training',
        },
      }),
    );
    expect((await upload(becky, p, new Uint8Array(20 * 1024 * 1024))).status).toBe(201);
  });

  it('lets a partner lead attach evidence about their own organisation only', async () => {
    const p = await givenProgramme();
    const lead = await server.as('partner', 'alex', 'council', p);
    expect((await upload(lead, p, pdf, { about: 'partner:council' })).status).toBe(201);
    await refused(p, 403, 'forbidden', () => upload(lead, p, pdf, { about: 'partner:nhs-trust' }));
  });
});

describe('evidence under verify, export and import', () => {
  it('verify names the event whose file changed by one byte', async () => {
    const s = await startTestServer();
    try {
      const coordinator = await s.as('coordinator');
      const auditor = await s.as('auditor');
      await coordinator.record('tamper', baseline());
      const first = await upload(coordinator, 'tamper', new TextEncoder().encode('first file'));
      const second = await upload(coordinator, 'tamper', new TextEncoder().encode('second file'));
      expect((await auditor.get('/api/audit/verify')).body).toMatchObject({ ok: true });
      await s.store.kysely
        .updateTable('evidence_files')
        .set({ content: Buffer.from('secOnd file') })
        .where('sha256', '=', second.body.sha256)
        .execute();
      expect((await auditor.get('/api/audit/verify')).body).toMatchObject({
        ok: false,
        firstBadPosition: second.body.position,
      });
      await s.store.kysely.deleteFrom('evidence_files').where('sha256', '=', first.body.sha256).execute();
      expect((await auditor.get('/api/audit/verify')).body).toMatchObject({
        ok: false,
        firstBadPosition: first.body.position,
      });
    } finally {
      await s.stop();
    }
  });

  it('export carries the files and import restores them; a wrong hash or a missing file is refused by line', async () => {
    const a = await startTestServer();
    const b = await startTestServer();
    try {
      const coordinator = await a.as('coordinator');
      await coordinator.record('carry', baseline());
      const bytes = new Uint8Array([0, 1, 2, 255, 254]);
      const up = await upload(coordinator, 'carry', bytes, { type: 'application/octet-stream', fileName: 'raw.bin' });
      const exported = (await (await a.as('auditor')).get('/api/export')).text;
      const lines = exported.split('\n').filter((l) => l !== '');
      const fileLine = lines.findIndex((l) => l.includes('"kind":"file"'));
      expect(JSON.parse(lines[fileLine]!)).toEqual({
        kind: 'file',
        sha256: up.body.sha256,
        base64: Buffer.from(bytes).toString('base64'),
      });
      const importer = await b.as('admin');
      const post = (body: string) =>
        importer.request('POST', '/api/import', { raw: body, headers: { 'content-type': 'application/x-ndjson' } });
      const forged = lines.map((l, i) =>
        i === fileLine
          ? JSON.stringify({ kind: 'file', sha256: up.body.sha256, base64: Buffer.from('other').toString('base64') })
          : l,
      );
      const wrong = await post(`${forged.join('\n')}\n`);
      expectProblem(wrong, 400, 'import_invalid');
      expect(wrong.body.detail).toMatch(new RegExp(`^line ${fileLine + 1}:`));
      const missing = await post(`${lines.filter((_, i) => i !== fileLine).join('\n')}\n`);
      expectProblem(missing, 400, 'import_invalid');
      expect(missing.body.detail).toMatch(new RegExp(`^line ${up.body.position}: cites evidence file`));
      expect((await post(exported)).status).toBe(200);
      const got = await fetch(`${b.url}/api/programmes/carry/evidence/${up.body.evidenceId}`, {
        headers: { authorization: `Bearer ${importer.token}` },
      });
      expect(got.headers.get('content-type')).toBe('application/octet-stream');
      expect(new Uint8Array(await got.arrayBuffer())).toEqual(bytes);
      expect((await importer.get('/api/audit/verify')).body).toMatchObject({ ok: true });
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
