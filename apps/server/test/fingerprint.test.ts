import { baseline } from '@steerlog/domain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, Json, TestServer } from './http.js';
import { sleep, startTestServer } from './http.js';

let server: TestServer;
let coordinator: Client;
let auditor: Client;
const P = 'papers';

beforeAll(async () => {
  server = await startTestServer();
  coordinator = await server.as('coordinator');
  auditor = await server.as('auditor');
  await coordinator.record(P, [
    ...baseline(),
    { type: 'OpenMeeting', data: { meetingId: 'sg-1', title: 'Steering group', attendees: ['council'] } },
    { type: 'RecordDecision', data: { summary: 'Go ahead' } },
    { type: 'CloseMeeting', data: { meetingId: 'sg-1' } },
  ]);
});
afterAll(() => server.stop());

/** CloseMeeting has a checkpoint signed after its commit: wait until it is there. */
const signedCheckpoint = async () => {
  for (let i = 0; i < 100; i++) {
    const list = (await auditor.get('/api/audit/checkpoints')).body as Json[];
    if (list.length > 0) return list[list.length - 1];
    await sleep(20);
  }
  throw new Error('no checkpoint was signed');
};

describe('every paper prints the fingerprint of the record it was made from', () => {
  it('the minute: a receipt of its last entry and the signed checkpoint, which verify', async () => {
    const checkpoint = await signedCheckpoint();
    const minute = (await coordinator.get(`/api/programmes/${P}/meetings/sg-1/minutes`)).body;
    const events = await coordinator.allEvents(P);
    const last = events[events.length - 1];
    expect(minute.fingerprint).toMatchObject({
      position: last.position,
      hash: last.hash,
      receipt: `${last.position}:${last.hash}`,
      checkpoint: { position: checkpoint.position, signature: checkpoint.signature },
    });
    const md = (await coordinator.get(`/api/programmes/${P}/meetings/sg-1/minutes?format=md`)).text;
    expect(md).toContain(`receipt \`${last.position}:${last.hash}\``);
    expect(md).toContain(checkpoint.signature);
    const verdict = (await auditor.get(`/api/audit/verify?receipt=${minute.fingerprint.receipt}`)).body;
    expect(verdict).toMatchObject({ ok: true, receipt: 'matches' });
  });

  it('the highlight report in Markdown: the receipt of the record it was made from, and the checkpoint', async () => {
    const checkpoint = await signedCheckpoint();
    const events = await coordinator.allEvents(P);
    const md = (await coordinator.get(`/api/programmes/${P}/reports/highlight?format=md`)).text;
    const last = events[events.length - 1];
    expect(md).toContain(`receipt \`${last.position}:${last.hash}\``);
    expect(md).toContain(`Signed checkpoint: entry ${checkpoint.position}`);
  });
});
