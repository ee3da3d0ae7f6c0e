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
