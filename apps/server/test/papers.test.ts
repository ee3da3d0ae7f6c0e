import { pdfPages } from '@steerlog/reports/testing';
import { baseline } from '@steerlog/domain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, TestServer } from './http.js';
import { expectProblem, startTestServer } from './http.js';

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
    { type: 'OpenMeeting', data: { meetingId: 'sg-1', title: 'Steering group', attendees: ['council'] } },
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
