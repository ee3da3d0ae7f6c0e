import { pdfPages } from '@steerlog/reports/testing';
import { baseline } from '@steerlog/domain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, TestServer } from './http.js';
import { expectProblem, startTestServer, upload } from './http.js';

let server: TestServer;
let coordinator: Client;
const P = 'papers';

/** A paper as bytes, with its content type: the test client reads text, which would mangle a PDF. */
const file = async (c: Client, path: string) => {
  const res = await fetch(`${c.url}${path}`, { headers: { authorization: `Bearer ${c.token}` } });
  return { status: res.status, type: res.headers.get('content-type'), bytes: new Uint8Array(await res.arrayBuffer()) };
};

beforeAll(async () => {
  server = await startTestServer();
  coordinator = await server.as('coordinator', 'becky');
  await coordinator.record(P, [
    ...baseline(),
    { type: 'AddPerson', data: { personId: 'ann', name: 'Ann Chair', partnerId: 'council' } },
    { type: 'AddPerson', data: { personId: 'bob', name: 'Bob <b>Member</b>', partnerId: 'nhs-trust' } },
    { type: 'AddPerson', data: { personId: 'cat', name: 'Cat Away' } },
    {
      type: 'OpenMeeting',
      data: { meetingId: 'sg-1', title: 'Steering group', attendees: ['council'], chairPersonId: 'ann' },
    },
    { type: 'RecordAttendance', data: { meetingId: 'sg-1', present: ['ann', 'bob'], apologies: ['cat'] } },
    {
      type: 'RecordDecision',
      data: {
        decisionId: 'go',
        summary: 'Go ahead with [tier 2](javascript:alert(1))',
        rationale: 'Schools asked for it',
      },
    },
    {
      type: 'AssignAction',
      data: { title: 'Draft the plan', ownerPartnerId: 'council', dueOn: '2026-02-01', decisionId: 'go' },
    },
    { type: 'CloseMeeting', data: { meetingId: 'sg-1' } },
  ]);
});
afterAll(() => server.stop());

describe('attendance on the minute', () => {
  it('names the chair, those present and those who sent apologies, escaped in Markdown; 422 for an unknown person', async () => {
    const minute = (await coordinator.get(`/api/programmes/${P}/meetings/sg-1/minutes`)).body;
    expect(minute.chair).toEqual({ personId: 'ann', name: 'Ann Chair', partner: 'Testshire Council' });
    expect(minute.present.map((p: { name: string }) => p.name)).toEqual(['Ann Chair', 'Bob <b>Member</b>']);
    expect(minute.apologies).toEqual([{ personId: 'cat', name: 'Cat Away', partner: null }]);
    const md = (await coordinator.get(`/api/programmes/${P}/meetings/sg-1/minutes?format=md`)).text;
    expect(md).toContain('- Present: Ann Chair (Testshire Council); Bob \\<b\\>Member\\</b\\> (Testshire NHS Trust)');
    expect(md).toContain('- Apologies: Cat Away');
    expectProblem(
      await coordinator.command(P, {
        type: 'RecordAttendance',
        data: { meetingId: 'sg-1', present: ['zed'], apologies: [] },
      }),
      422,
      'unknown_person',
    );
  });
});

describe('meetings with an agenda, walked item by item, and the minute approved at the next', () => {
  it('opens with matters arising filled in, records the item under way, approves the last minute', async () => {
    const opened = await coordinator.command(P, {
      type: 'OpenMeeting',
      data: {
        meetingId: 'sg-2',
        title: 'Steering group 2',
        attendees: ['council'],
        agenda: [{ itemId: 'budget', title: 'Budget for 2026/27', kind: 'decision', presenterPartnerId: 'council' }],
      },
    });
    expect(opened.status, opened.text).toBe(201);
    expect(opened.body.events[0].data.agenda[0]).toMatchObject({
      itemId: 'matters-arising',
      arising: [{ kind: 'action', id: expect.any(String) }],
    });
    const start = (itemId: string) =>
      coordinator.command(P, { type: 'StartAgendaItem', data: { meetingId: 'sg-2', itemId } });
    expect((await start('matters-arising')).status).toBe(201);
    expectProblem(await start('matters-arising'), 422, 'agenda_item_current');
    expectProblem(await start('nowhere'), 422, 'unknown_agenda_item');
    const state = (await coordinator.get(`/api/programmes/${P}/state`)).body;
    expect(state.meetings.find((m: { meetingId: string }) => m.meetingId === 'sg-2').currentItemId).toBe(
      'matters-arising',
    );

    const approve = (meetingId: string) =>
      coordinator.command(P, { type: 'ApproveMinutes', data: { meetingId, atMeetingId: 'sg-2' } });
    expectProblem(await approve('sg-2'), 422, 'meeting_not_closed');
    expect((await approve('sg-1')).status).toBe(201);
    expectProblem(await approve('sg-1'), 422, 'minutes_already_approved');

    const minute = (await coordinator.get(`/api/programmes/${P}/meetings/sg-1/minutes`)).body;
    expect(minute.approval).toMatchObject({ atMeetingId: 'sg-2', atMeetingTitle: 'Steering group 2' });
    const md = (await coordinator.get(`/api/programmes/${P}/meetings/sg-1/minutes?format=md`)).text;
    expect(md).toMatch(/- Status: Approved as a true record at Steering group 2 on \d+ \w+ \d{4}/);
    const draft = (await coordinator.get(`/api/programmes/${P}/meetings/sg-2/minutes?format=md`)).text;
    expect(draft).toContain('- Status: Draft: not yet approved');
    expect(draft).toContain('2. Budget for 2026/27 (for decision, presented by Testshire Council)');
    expect(draft).toContain('The minute of Steering group was approved as a true record');
  });
});

describe('the minute as a PDF (GET .../minutes?format=pdf)', () => {
  it('is a PDF whose text holds the decision, its rationale, the action and the receipt', async () => {
    const res = await file(coordinator, `/api/programmes/${P}/meetings/sg-1/minutes?format=pdf`);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/pdf');
    const text = (await pdfPages(res.bytes)).join('\n');
    const events = await coordinator.allEvents(P);
    const last = events[events.length - 1];
    expect(text).toContain('Chair: Ann Chair (Testshire Council)');
    expect(text).toContain('Present: Ann Chair (Testshire Council); Bob <b>Member</b> (Testshire NHS Trust)');
    expect(text).toContain('Apologies: Cat Away');
    expect(text).toContain('1. Go ahead with [tier 2](javascript:alert(1))');
    expect(text).toContain('Rationale: Schools asked for it');
    expect(text).toMatch(/Draft the plan\s+Testshire Council\s+1 Feb 2026/);
    expect(text).toContain(`${last.position}:${last.hash}`);
  });

  it('404 meeting_not_found for a meeting that does not exist', async () => {
    expectProblem(
      await coordinator.get(`/api/programmes/${P}/meetings/nope/minutes?format=pdf`),
      404,
      'meeting_not_found',
    );
  });
});

describe('the board pack (GET .../meetings/{id}/pack) and the highlight report as a PDF', () => {
  const Q = 'pack';
  beforeAll(async () => {
    await coordinator.record(Q, [
      ...baseline(),
      {
        type: 'SubmitHighlightReport',
        data: {
          partnerId: 'council',
          lead: 'Alex Lead',
          summary: 'Tier 1 is live <script>alert(1)</script>',
          successes: ['# 400 staff trained'],
          challenges: ['Backfill for | release'],
          upcoming: [{ title: 'Tier 2 pilot', dueOn: '2026-03-01' }],
        },
        occurredAt: '2025-05-20',
      },
      {
        type: 'DefineIndicator',
        data: {
          indicatorId: 'trained',
          name: 'Staff trained',
          unit: 'count',
          direction: 'increase',
          baseline: { value: 0, on: '2025-01-01' },
          target: { value: 1000, by: '2026-03-31' },
        },
        occurredAt: '2025-01-02',
      },
      {
        type: 'RecordMeasurement',
        data: { indicatorId: 'trained', value: 400, on: '2025-05-15' },
        occurredAt: '2025-05-15',
      },
      {
        type: 'DefineIndicator',
        data: { indicatorId: 'referrals', name: 'Referrals to the hub', unit: 'count', direction: 'increase' },
        occurredAt: '2025-01-02',
      },
      {
        type: 'RecordMeasurement',
        data: { indicatorId: 'referrals', value: 37, on: '2025-05-15' },
        occurredAt: '2025-05-15',
      },
      {
        type: 'RaiseIssue',
        data: {
          kind: 'question',
          title: 'Can the board fund backfill?',
          raisedByPartnerId: 'council',
          addressedTo: 'board',
        },
        occurredAt: '2025-05-22',
      },
      {
        type: 'RaiseIssue',
        data: { kind: 'barrier', title: 'A national matter', addressedTo: 'national' },
        occurredAt: '2025-05-22',
      },
      {
        type: 'ChangeRag',
        data: { subject: { kind: 'programme' }, rag: 'amber', reason: 'Recruitment slipped' },
        occurredAt: '2025-05-21',
      },
      {
        type: 'AssignAction',
        data: { actionId: 'late', title: 'Recruit the coordinator', ownerPartnerId: 'nhs-trust', dueOn: '2025-05-01' },
        occurredAt: '2025-04-01',
      },
      {
        type: 'RecordSpend',
        data: { allocationId: 'grant-2025', amountPence: 1_250_000, spentOn: '2025-05-30' },
        occurredAt: '2025-05-30',
      },
      {
        type: 'OpenMeeting',
        data: {
          meetingId: 'board-june',
          title: 'Board, June',
          attendees: ['council'],
          agenda: [{ title: 'Highlight reports', kind: 'report' }],
        },
        occurredAt: '2025-06-02',
      },
    ]);
  });

  it('prints cover, contents, agenda, RAG, matters arising, reports, funding and the fingerprint as text', async () => {
    const res = await file(coordinator, `/api/programmes/${Q}/meetings/board-june/pack?format=pdf`);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/pdf');
    const pages = await pdfPages(res.bytes);
    expect(pages[0]).toContain('Board pack');
    expect(pages[0]).toContain('Monday 2 June 2025');
    expect(pages[1]).toMatch(/Contents[\s\S]*1\. Agenda\s+page 3[\s\S]*Matters arising[\s\S]*Record fingerprint/);
    const text = pages.join('\n');
    expect(text).toContain('1. Matters arising');
    expect(text).toContain('2. Highlight reports (for report)');
    expect(text).toMatch(/Programme:\s+AMBER/);
    expect(text).toMatch(/Recruit the coordinator\s+Testshire NHS Trust\s+1 May 2025\s+Overdue/);
    expect(text).toContain('Tier 1 is live <script>alert(1)</script>');
    expect(text).toContain('# 400 staff trained');
    expect(text).toMatch(/2025\/26\s+£50,000\s+£12,500\s+£37,500/);
    expect(text).toMatch(
      /Staff trained[\s\S]*Baseline, latest, target: 0 \(1 Jan 2025\); 400 \(15 May 2025\); 1,000 by 31 Mar 2026/,
    );
    expect(text).toMatch(
      /Question\s+Can the board fund backfill\?\s+Board\s+Testshire\s+Council, 22 May\s+2025\s+Open/,
    );
    expect(text).toContain('Questions for the group and board');
    expect(text).not.toContain('A national matter');
    const events = await coordinator.allEvents(Q);
    const last = events[events.length - 1];
    // The receipt may start a line of its own after its label (how it wraps depends on the checkpoint
    // line beside it); it must never be broken inside.
    expect(text.replace(/\s+/g, ' ')).toContain(`Receipt: ${last.position}:${last.hash}`);
    expect(text).toContain(`${last.position}:${last.hash}`);
    expect(pages[pages.length - 1]).toContain(`Page ${pages.length} of ${pages.length}`);
  });

  it('in Markdown: the same sections, user text escaped', async () => {
    const md = (await coordinator.get(`/api/programmes/${Q}/meetings/board-june/pack?format=md`)).text;
    expect(md).toContain('# Board pack: Board, June');
    expect(md).toContain('| Recruit the coordinator | Testshire NHS Trust | 1 May 2025 | Overdue |');
    expect(md).toContain('Tier 1 is live \\<script\\>alert(1)\\</script\\>');
    expect(md).toContain('- \\# 400 staff trained');
    expect(md).toContain('- Backfill for \\| release');
    expect(md).toContain('| 2025/26 | £50,000 | £12,500 | £37,500 |');
    // Measured, with no target to judge it by: not "no data".
    expect(md).toContain('| Referrals to the hub |  | 37 (15 May 2025) |  | No target set |');
  });

  it('is as of the meeting’s day: what was recorded for later days is not in it', async () => {
    await coordinator.record(Q, [
      { type: 'CompleteAction', data: { actionId: 'late', completedOn: '2025-06-10' }, occurredAt: '2025-06-10' },
    ]);
    const md = (await coordinator.get(`/api/programmes/${Q}/meetings/board-june/pack?format=md`)).text;
    expect(md).toContain('| Recruit the coordinator | Testshire NHS Trust | 1 May 2025 | Overdue |');
  });

  it('404 for an unknown meeting; 400 for an unknown format', async () => {
    expectProblem(await coordinator.get(`/api/programmes/${Q}/meetings/nope/pack`), 404, 'meeting_not_found');
    expectProblem(
      await coordinator.get(`/api/programmes/${Q}/meetings/board-june/pack?format=docx`),
      400,
      'invalid_query',
    );
  });

  it('the highlight report as a PDF: each partner’s report, RAG in words, the fingerprint', async () => {
    const res = await file(coordinator, `/api/programmes/${Q}/reports/highlight?format=pdf&asOf=2025-06-01`);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/pdf');
    const text = (await pdfPages(res.bytes)).join('\n');
    expect(text).toMatch(/Highlight reports: Trauma-informed\s+Testshire/);
    expect(text).toContain('As of 1 June 2025');
    expect(text).toContain('Lead: Alex Lead');
    expect(text).toContain('Tier 2 pilot (due 1 Mar 2026)');
    expect(text).toMatch(/Receipt:\s+\d+:[0-9a-f]{64}/);
  });

  it('names the evidence a highlight report cites, in JSON, Markdown, PDF and the next board pack', async () => {
    const uploaded = await upload(coordinator, Q, new TextEncoder().encode('name,level\nA,1\n'), {
      fileName: 'tier-1-register.csv',
      about: 'partner:nhs-trust',
      type: 'text/csv',
    });
    expect(uploaded.status).toBe(201);
    const { evidenceId } = uploaded.body as { evidenceId: string };
    await coordinator.record(Q, [
      {
        type: 'SubmitHighlightReport',
        data: {
          partnerId: 'nhs-trust',
          lead: 'Tom Lead',
          summary: 'Register attached',
          successes: [],
          challenges: [],
          upcoming: [],
          evidenceIds: [evidenceId],
        },
      },
    ]);
    const rows = (await coordinator.get(`/api/programmes/${Q}/reports/highlight?format=json&partnerId=nhs-trust`))
      .body as { evidence: unknown }[];
    expect(rows[0]!.evidence).toEqual([{ evidenceId, fileName: 'tier-1-register.csv' }]);
    const md = (await coordinator.get(`/api/programmes/${Q}/reports/highlight?format=md`)).text;
    expect(md).toContain('### Evidence\n\n- tier-1-register.csv');
    const pdf = (
      await pdfPages((await file(coordinator, `/api/programmes/${Q}/reports/highlight?format=pdf`)).bytes)
    ).join('\n');
    expect(pdf).toMatch(/Evidence\s+•?\s*tier-1-register\.csv/);
    // A board pack is as of its meeting's opening: the next meeting's carries the report.
    await coordinator.record(Q, [
      { type: 'CloseMeeting', data: { meetingId: 'board-june' } },
      { type: 'OpenMeeting', data: { meetingId: 'board-next', title: 'Board, next', attendees: ['council'] } },
    ]);
    const pack = (await coordinator.get(`/api/programmes/${Q}/meetings/board-next/pack?format=md`)).text;
    expect(pack).toContain('Evidence: tier-1-register.csv.');
  });
});
