import { baseline } from '@steerlog/domain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, TestServer } from './http.js';
import { sleep, startTestServer } from './http.js';

let server: TestServer;
let coordinator: Client;
let admin: Client;
const P = 'cached';
const state = `/api/programmes/${P}/state`;
const highlight = `/api/programmes/${P}/reports/highlight`;

beforeAll(async () => {
  server = await startTestServer();
  coordinator = await server.as('coordinator');
  admin = await server.as('admin');
  await coordinator.record(P, [
    ...baseline(),
    {
      type: 'SubmitHighlightReport',
      data: { partnerId: 'council', lead: 'Rhiannon Pryce', summary: 'S', successes: [], challenges: [], upcoming: [] },
    },
  ]);
});
afterAll(() => server.stop());

const conditional = (path: string, etag: string) =>
  coordinator.request('GET', path, { headers: { 'if-none-match': etag } });

describe('reads of an unchanged programme are served from what is already known', () => {
  it('answers GET state with a weak ETag, and 304 with no body to a client that holds it', async () => {
    const first = await coordinator.get(state);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"\d+-\d{4}-\d{2}-\d{2}-\d+"$/);
    const again = await conditional(state, etag);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
  });

  it('fills in the request’s own time: knownAt moves, everything else is the same bytes', async () => {
    const a = await coordinator.get(state);
    await sleep(5);
    const b = await coordinator.get(state);
    expect(b.headers.get('etag')).toBe(a.headers.get('etag'));
    expect(b.body.knownAt > a.body.knownAt).toBe(true);
    expect({ ...b.body, asOf: '', knownAt: '' }).toEqual({ ...a.body, asOf: '', knownAt: '' });
    expect(Date.parse(b.body.knownAt)).toBeLessThanOrEqual(Date.now());
  });

  it('answers anew once a command changed the programme', async () => {
    const before = await coordinator.get(state);
    await coordinator.record(P, [
      { type: 'ChangeRag', data: { subject: { kind: 'programme' }, rag: 'red', reason: 'Cache test' } },
    ]);
    const stale = await conditional(state, before.headers.get('etag')!);
    expect(stale.status).toBe(200);
    expect(stale.body.rag.current).toBe('red');
    expect(stale.body.version).toBe(before.body.version + 1);
  });

  it('keeps time-travel answers apart from the current one', async () => {
    const now = await coordinator.get(state);
    const then = await coordinator.get(`${state}?asOf=2025-01-06`);
    expect(then.body.asOf).toBe('2025-01-06T23:59:59.999Z');
    expect(then.body.workstreams).toEqual([]);
    expect(now.body.workstreams.length).toBeGreaterThan(0);
  });

  it('serves reports the same way, each format with its own type and file name', async () => {
    const md = await coordinator.get(`${highlight}?format=md`);
    const again = await coordinator.get(`${highlight}?format=md`);
    expect(again.text).toBe(md.text);
    expect(again.contentType).toMatch(/^text\/markdown/);
    expect(again.headers.get('content-disposition')).toMatch(/filename="highlight-cached-.*\.md"/);
    const csv = await coordinator.get(`${highlight}?format=csv`);
    expect(csv.contentType).toMatch(/^text\/csv/);
    expect((await conditional(`${highlight}?format=csv`, csv.headers.get('etag')!)).status).toBe(304);
  });

  it('forgets every kept answer when a name is erased', async () => {
    const before = await coordinator.get(`${highlight}?format=json`);
    expect(JSON.stringify(before.body)).toContain('Rhiannon Pryce');
    const res = await admin.request('DELETE', `/api/programmes/${P}/personal-data/partner-lead:council`);
    expect(res.status).toBe(204);
    const after = await conditional(`${highlight}?format=json`, before.headers.get('etag')!);
    expect(after.status).toBe(200);
    expect(JSON.stringify(after.body)).not.toContain('Rhiannon Pryce');
    expect(JSON.stringify((await coordinator.get(state)).body)).not.toContain('Rhiannon Pryce');
  });

  it('still answers 404 for a programme that does not exist', async () => {
    expect((await coordinator.get('/api/programmes/nowhere/state')).status).toBe(404);
  });
});
