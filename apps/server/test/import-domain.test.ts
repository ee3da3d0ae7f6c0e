import { baseline } from '@steerlog/domain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rechain, splitExport } from './forge.js';
import type { Client, Json, TestServer } from './http.js';
import { expectProblem, startTestServer } from './http.js';

const ndjson = { 'content-type': 'application/x-ndjson' };
const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
});

/**
 * Each forgery is re-chained, so the hash chain alone would let it in: only the domain's rules
 * (the ones commands are held to) can refuse it.
 */
const forgeries: [string, (events: Json[]) => void, number, RegExp][] = [
  ['the ProgrammeLaunched line removed', (es) => void es.shift(), 1, /does not start with ProgrammeLaunched/],
  [
    'a non-date occurredAt',
    (es) => {
      es[3].occurredAt = 'yesterday';
    },
    4,
    /occurredAt: not a real date-time/,
  ],
  [
    'an impossible date (30 February)',
    (es) => {
      es[3].occurredAt = '2022-02-30T00:00:00.000Z';
    },
    4,
    /occurredAt/,
  ],
  [
    'an occurredAt after its recordedAt',
    (es) => {
      es[3].occurredAt = '2999-01-01T00:00:00.000Z';
    },
    4,
    /after recordedAt/,
  ],
  [
    'a retraction of an event that does not exist',
    (es) => {
      es.push({
        ...es[es.length - 1],
        id: crypto.randomUUID(),
        type: 'EventRetracted',
        data: {
          eventId: crypto.randomUUID(),
          retractedType: 'RiskRaised',
          reason: 'Forged',
        },
      });
    },
    -1,
    /unknown_event/,
  ],
  [
    'a retraction of the launch',
    (es) => {
      es.push({
        ...es[es.length - 1],
        id: crypto.randomUUID(),
        type: 'EventRetracted',
        data: {
          eventId: es[0].id,
          retractedType: 'ProgrammeLaunched',
          reason: 'Forged',
        },
      });
    },
    -1,
    /not_retractable/,
  ],
  [
    'a reference to a partner that never joined',
    (es) => {
      const i = es.findIndex((e) => e.type === 'WorkstreamCreated');
      es[i].data.leadPartnerId = 'nobody';
    },
    0,
    /unknown_partner/,
  ],
  [
    'a RAG change whose previous rating was rewritten',
    (es) => {
      const i = es.findIndex((e) => e.type === 'RagChanged' && e.data.previous !== null);
      es[i].data.previous = es[i].data.previous === 'red' ? 'green' : 'red';
    },
    0,
    /does not follow from the events before it/,
  ],
  [
    'an event id used twice',
    (es) => {
      es[5].id = es[4].id;
    },
    6,
    /appears twice/,
  ],
];

describe('import through the domain', () => {
  let exported: string;
  let target: { server: TestServer; admin: Client };

  beforeAll(async () => {
    const source = await startTestServer();
    servers.push(source);
    const admin = await source.as('admin');
    await admin.record('one', [
      ...baseline(),
      { type: 'ChangeRag', data: { subject: { kind: 'programme' }, rag: 'red', reason: 'Slipping' } },
      { type: 'ChangeRag', data: { subject: { kind: 'programme' }, rag: 'amber', reason: 'Better' } },
      { type: 'RaiseRisk', data: { riskId: 'r-1', title: 'Risk', likelihood: 2, impact: 3 } },
    ]);
    exported = (await admin.get('/api/export')).text;
    const server = await startTestServer();
    servers.push(server);
    target = { server, admin: await server.as('admin') };
  });

  it('lets an untouched export in after the same check, re-chained or not', async () => {
    const { events, keys } = splitExport(exported);
    // Re-chaining an unchanged file reproduces it: the helper forges exactly as the store hashes.
    expect(rechain(events, keys)).toBe(exported);
    const probe = await startTestServer();
    servers.push(probe);
    const res = await (await probe.as('admin')).request('POST', '/api/import', { raw: exported, headers: ndjson });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ events: events.length, keys: keys.length, checkpoints: 0 });
  });

  it.each(forgeries)('refuses %s, naming the line, and leaves the store unchanged', async (_, edit, line, why) => {
    const { events, keys } = splitExport(exported);
    edit(events);
    const forged = rechain(events, keys);
    const expectedLine =
      line > 0
        ? line
        : line === -1
          ? events.length
          : events.findIndex((e, i) => JSON.stringify(e) !== JSON.stringify(splitExport(exported).events[i])) + 1;
    const res = await target.admin.request('POST', '/api/import', { raw: forged, headers: ndjson });
    expectProblem(res, 400, 'import_invalid');
    expect(res.body.detail).toMatch(new RegExp(`^line ${expectedLine}: `));
    expect(res.body.detail).toMatch(why);
    // Nothing was written: the store is still empty and every read still answers.
    expect((await target.admin.get('/api/programmes')).body).toEqual([]);
    expect((await target.admin.get('/api/audit/verify')).body).toMatchObject({ ok: true, checked: 0 });
    expect((await target.admin.get('/readyz')).status).toBe(200);
  });

  it('reads the body as a stream: a file sent in small chunks with CRLF line ends imports', async () => {
    const probe = await startTestServer();
    servers.push(probe);
    const admin = await probe.as('admin');
    const text = exported.replaceAll('\n', '\r\n');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const bytes = new TextEncoder().encode(text);
        for (let i = 0; i < bytes.length; i += 97) controller.enqueue(bytes.slice(i, i + 97));
        controller.close();
      },
    });
    const res = await fetch(`${probe.url}/api/import`, {
      method: 'POST',
      headers: { ...ndjson, authorization: `Bearer ${admin.token}` },
      body,
      duplex: 'half',
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await admin.get('/api/audit/verify')).body).toMatchObject({
      ok: true,
      checked: splitExport(exported).events.length,
    });
  });
});
