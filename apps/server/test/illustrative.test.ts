import { baseline } from '@steerlog/domain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, Json, TestServer } from './http.js';
import { startTestServer } from './http.js';

let server: TestServer;
let becky: Client;
const P = 'illus';

beforeAll(async () => {
  server = await startTestServer();
  becky = await server.as('coordinator', 'becky');
  await becky.record(P, [
    ...baseline(),
    {
      type: 'OpenMeeting',
      data: { meetingId: 'sg-1', title: 'Steering group 1', attendees: ['council'] },
      occurredAt: '2025-06-02',
    },
    {
      type: 'RescheduleMilestone',
      data: { milestoneId: 'tier-1-live', dueOn: '2025-06-30', reason: 'for the demo' },
      occurredAt: '2025-06-02',
      illustrative: true,
    },
    {
      type: 'ChangeRag',
      data: { subject: { kind: 'partner', id: 'council' }, rag: 'amber', reason: 'an example' },
      occurredAt: '2025-06-02',
      illustrative: true,
    },
    { type: 'CloseMeeting', data: { meetingId: 'sg-1' }, occurredAt: '2025-06-02' },
  ]);
});
afterAll(() => server.stop());

describe('illustrative values, end to end', () => {
  it('stores meta.illustrative only on the events of an illustrative command', async () => {
    const res = await becky.get(`/api/programmes/${P}/events?limit=100`);
    const byType = (t: string) => res.body.events.find((e: Json) => e.type === t);
    expect(byType('MilestoneRescheduled').meta.illustrative).toBe(true);
    expect(byType('MeetingOpened').meta).not.toHaveProperty('illustrative');
  });

  it('refuses illustrative: false (only true is a flag)', async () => {
    const res = await becky.command(P, {
      type: 'ChangeRag',
      data: { subject: { kind: 'programme' }, rag: 'red', reason: 'x' },
      illustrative: false,
    });
    expect(res.status).toBe(400);
  });

  it('marks the state where a value rests on an illustrative event, and nowhere else', async () => {
    const live = (await becky.get(`/api/programmes/${P}/state`)).body;
    const m = live.workstreams[0].milestones[0];
    expect(m).toMatchObject({ milestoneId: 'tier-1-live', dueOn: '2025-06-30', illustrative: true });
    expect(live.partners[0].rag).toMatchObject({ current: 'amber', illustrative: true });
    expect(live.partners[0]).not.toHaveProperty('illustrative');
    expect(live.partners[1]).not.toHaveProperty('illustrative');
    expect(live.workstreams[0]).not.toHaveProperty('illustrative');
    // Time travel folds the log with the same rule: before the reschedule, nothing is marked.
    const before = (await becky.get(`/api/programmes/${P}/state?asOf=2025-05-01`)).body;
    expect(JSON.stringify(before)).not.toContain('illustrative');
    const cut = (await becky.get(`/api/programmes/${P}/state?asOf=2025-07-01`)).body;
    expect(cut).toEqual({ ...live, asOf: cut.asOf, knownAt: cut.knownAt });
  });

  it('marks the highlight report in JSON, Markdown and CSV', async () => {
    const json = await becky.get(`/api/programmes/${P}/reports/highlight`);
    expect(json.body[0]).toMatchObject({ partnerId: 'council', illustrative: true });
    expect(json.body[1]).not.toHaveProperty('illustrative');
    const md = await becky.get(`/api/programmes/${P}/reports/highlight?format=md`);
    expect(md.text).toMatch(/current AMBER \(illustrative\)/);
    expect(md.text).toContain('## Testshire NHS Trust\n');
    const csv = await becky.get(`/api/programmes/${P}/reports/highlight?format=csv`);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[1]).toMatch(/^council,Testshire Council \(illustrative\),/);
    expect(lines[2]).toMatch(/^nhs-trust,Testshire NHS Trust,/);
  });

  it('marks the minute’s illustrative entries', async () => {
    const json = await becky.get(`/api/programmes/${P}/meetings/sg-1/minutes`);
    const flags = json.body.items.map((i: Json) => [i.type, i.illustrative ?? false]);
    expect(flags).toEqual([
      ['MeetingOpened', false],
      ['MilestoneRescheduled', true],
      ['RagChanged', true],
      ['MeetingClosed', false],
    ]);
    const md = await becky.get(`/api/programmes/${P}/meetings/sg-1/minutes?format=md`);
    expect(md.text).toMatch(/RAG: Testshire Council AMBER\. Reason: an example \(illustrative\)\n/);
    expect(md.text).not.toMatch(/Meeting closed|Meeting opened/);
  });
});
