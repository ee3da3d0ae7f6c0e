import { baseline } from '@steerlog/domain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, Json, TestServer } from './http.js';
import { expectProblem, startTestServer } from './http.js';

const ndjson = { 'content-type': 'application/x-ndjson' };
const lines = (text: string) => text.split('\n').filter((l) => l !== '');

const champion = (championId: string, name: string) => ({
  type: 'AppointChampion',
  data: { championId, partnerId: 'council', name, role: 'Director' },
});
const report = {
  type: 'SubmitHighlightReport',
  data: { partnerId: 'council', lead: 'Alex Lead', summary: 'On track', successes: [], challenges: [], upcoming: [] },
};

const servers: TestServer[] = [];
/** A server with an admin and an auditor client; every one is stopped after the file. */
const start = async () => {
  const server = await startTestServer();
  servers.push(server);
  return { server, admin: await server.as('admin', 'ada'), auditor: await server.as('auditor', 'aud') };
};
afterAll(async () => {
  for (const s of servers) await s.stop();
});

/** Everything a reader can see of a store: programmes, each state (less the clock) and each event. */
const readAll = async (client: Client) => {
  const programmes = (await client.get('/api/programmes')).body as Json[];
  const states: Json[] = [];
  const events: Json[] = [];
  for (const p of programmes) {
    const s = (await client.get(`/api/programmes/${p.programmeId}/state`)).body;
    states.push({ ...s, asOf: null, knownAt: null });
    events.push(...(await client.allEvents(p.programmeId)));
  }
  return { programmes, states, events: events.sort((a, b) => a.position - b.position) };
};

const importInto = (admin: Client, body: string) =>
  admin.request('POST', '/api/import', { raw: body, headers: ndjson });

describe('verify, export and import', () => {
  let a: Awaited<ReturnType<typeof start>>;
  let exported: string;

  beforeAll(async () => {
    a = await start();
    await a.admin.record('one', [...baseline(), champion('c-1', 'Jo Champion'), report]);
    await a.admin.record('two', [
      { type: 'LaunchProgramme', data: { name: 'Second' } },
      {
        type: 'AddPartner',
        data: { partnerId: 'council', name: 'Other council', sector: 'local-authority', lead: 'Bo Lead' },
      },
    ]);
    const [risk] = await a.admin.record('one', [
      { type: 'RaiseRisk', data: { title: 'Risk', likelihood: 1, impact: 1 } },
    ]);
    await a.admin.record('one', [{ type: 'RetractEvent', data: { eventId: risk.events[0].id, reason: 'Wrong' } }]);
    const res = await a.auditor.get('/api/export');
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^application\/x-ndjson/);
    exported = res.text;
  });

  it('verifies the chain: {ok: true, checked: N}', async () => {
    const res = await a.auditor.get('/api/audit/verify');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, checked: baseline().length + 2 + 2 + 2 });
  });

  it('exports every event in position order, then a key line per person-subject, with names only as ciphertext', () => {
    const parsed = lines(exported).map((l) => JSON.parse(l));
    const events = parsed.filter((l) => l.kind !== 'key');
    const keys = parsed.filter((l) => l.kind === 'key');
    expect(events.map((e) => e.position)).toEqual(events.map((_, i) => i + 1));
    expect(parsed.slice(events.length).every((l) => l.kind === 'key')).toBe(true);
    expect(keys.map((k) => `${k.programmeId}/${k.subject}`).sort()).toEqual([
      'one/champion:c-1',
      'one/partner-lead:council',
      'two/partner-lead:council',
    ]);
    for (const k of keys) expect(k.key).toMatch(/^[A-Za-z0-9+/]+=*$/);
    for (const name of ['Alex Lead', 'Jo Champion', 'Bo Lead']) expect(exported).not.toContain(name);
    expect(events.find((e) => e.type === 'ChampionAppointed').data.name).toMatch(/^enc:/);
  });

  it('imports into an empty store: the same state, positions and hashes', async () => {
    const b = await start();
    const res = await importInto(b.admin, exported);
    expect(res.status, res.text).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(300);
    const before = await readAll(a.admin);
    const after = await readAll(b.admin);
    expect(after.programmes).toEqual(before.programmes);
    expect(after.states).toEqual(before.states);
    expect(after.events).toEqual(before.events);
    expect(after.states[0].champions[0].name).toBe('Jo Champion');
    const chainOf = async (s: typeof a) => {
      const { ok, checked, firstBadPosition } = (await s.auditor.get('/api/audit/verify')).body;
      return { ok, checked, firstBadPosition };
    };
    expect(await chainOf(b)).toEqual(await chainOf(a));
    expect(lines((await b.auditor.get('/api/export')).text).sort()).toEqual(lines(exported).sort());

    // The imported store carries on from the chain's head.
    const [next] = await b.admin.record('one', [
      { type: 'RaiseRisk', data: { title: 'After import', likelihood: 1, impact: 1 } },
    ]);
    expect(next.position).toBe(before.events.length + 1);
    expect((await b.auditor.get('/api/audit/verify')).body).toMatchObject({
      ok: true,
      checked: before.events.length + 1,
    });
  });

  it.each([
    [
      'an edited event',
      (ls: string[]) => {
        ls[2] = ls[2]!.replace('Testshire NHS Trust', 'Testshire NHS Trusts');
      },
      3,
    ],
    [
      'a missing event',
      (ls: string[]) => {
        ls.splice(4, 1);
      },
      5,
    ],
    [
      'two events swapped',
      (ls: string[]) => {
        [ls[5], ls[6]] = [ls[6]!, ls[5]!];
      },
      6,
    ],
    [
      'a line that is not JSON',
      (ls: string[]) => {
        ls[7] = '{"position": 8,';
      },
      8,
    ],
    [
      'an event with an unknown field',
      (ls: string[]) => {
        ls[1] = JSON.stringify({ ...JSON.parse(ls[1]!), colour: 'blue' });
      },
      2,
    ],
  ])('rejects %s with 400 import_invalid naming the line, and imports nothing', async (_name, tamper, line) => {
    const c = await start();
    const ls = lines(exported);
    tamper(ls);
    const res = await importInto(c.admin, `${ls.join('\n')}\n`);
    expectProblem(res, 400, 'import_invalid');
    expect(res.body.detail).toMatch(new RegExp(`\\bline ${line}\\b`));
    expect((await c.admin.get('/api/programmes')).body).toEqual([]);
    expect((await c.auditor.get('/api/audit/verify')).body).toMatchObject({ ok: true, checked: 0 });
    // Nothing half-done stands in the way of the untouched file.
    expect((await importInto(c.admin, exported)).status).toBe(200);
  });

  it('409 store_not_empty for an import into a store that holds events, changing nothing', async () => {
    const before = await readAll(a.admin);
    expectProblem(await importInto(a.admin, exported), 409, 'store_not_empty');
    expect(await readAll(a.admin)).toEqual(before);
  });
});

describe('erasing personal data', () => {
  let s: Awaited<ReturnType<typeof start>>;
  let hashesBefore: string[];
  const P = 'erase';

  beforeAll(async () => {
    s = await start();
    await s.admin.record(P, [...baseline(), champion('c-1', 'Jo Champion'), champion('c-2', 'Kim Keeper'), report]);
    hashesBefore = (await s.admin.allEvents(P)).map((e) => e.hash);
  });

  it('204 for DELETE personal-data/champion:ID, then every read shows [erased] for that name only', async () => {
    const res = await s.admin.request('DELETE', `/api/programmes/${P}/personal-data/champion:c-1`);
    expect(res.status, res.text).toBe(204);
    expect(res.text).toBe('');

    const state = (await s.admin.get(`/api/programmes/${P}/state`)).body;
    expect(state.champions.map((c: Json) => [c.championId, c.name])).toEqual([
      ['c-1', '[erased]'],
      ['c-2', 'Kim Keeper'],
    ]);
    expect(state.partners[0].lead).toBe('Alex Lead');
    const folded = (await s.admin.get(`/api/programmes/${P}/state?asOf=2099-01-01`)).body;
    expect(folded.champions[0].name).toBe('[erased]');

    const events = await s.admin.allEvents(P);
    const appointed = events.filter((e) => e.type === 'ChampionAppointed');
    expect(appointed.map((e) => e.data.name)).toEqual(['[erased]', 'Kim Keeper']);
    expect(events.map((e) => e.hash)).toEqual(hashesBefore);
    const history = (await s.admin.get(`/api/programmes/${P}/history?subject=champion:c-1`)).body;
    expect(history[0].data.name).toBe('[erased]');
    expect((await s.auditor.get('/api/audit/verify')).body).toMatchObject({ ok: true, checked: hashesBefore.length });
  });

  it('exports the erased name with no key, so an import shows [erased] too', async () => {
    const exported = (await s.auditor.get('/api/export')).text;
    const keys = lines(exported)
      .map((l) => JSON.parse(l))
      .filter((l) => l.kind === 'key')
      .map((k) => k.subject);
    expect(keys.sort()).toEqual(['champion:c-2', 'partner-lead:council']);
    expect(exported).not.toContain('Jo Champion');

    const copy = await start();
    expect((await importInto(copy.admin, exported)).status).toBe(200);
    const state = (await copy.admin.get(`/api/programmes/${P}/state`)).body;
    expect(state.champions.map((c: Json) => c.name)).toEqual(['[erased]', 'Kim Keeper']);
    expect((await copy.auditor.get('/api/audit/verify')).body).toMatchObject({
      ok: true,
      checked: hashesBefore.length,
    });
  });

  it('erases a partner lead from the partner and from its highlight reports', async () => {
    expect((await s.admin.request('DELETE', `/api/programmes/${P}/personal-data/partner-lead:council`)).status).toBe(
      204,
    );
    expect((await s.admin.get(`/api/programmes/${P}/state`)).body.partners[0]).toMatchObject({
      lead: '[erased]',
      lastReport: { lead: '[erased]' },
    });
    const [row] = (await s.admin.get(`/api/programmes/${P}/reports/highlight?partnerId=council`)).body;
    expect(row.lead).toBe('[erased]');
    expect((await s.admin.get(`/api/programmes/${P}/reports/highlight?format=csv`)).text).not.toContain('Alex Lead');
    expect((await s.auditor.get('/api/audit/verify')).body.ok).toBe(true);
  });

  it('404 unknown_subject for a subject with no personal data', async () => {
    for (const subject of ['champion:c-9', 'workstream:training', 'nobody'])
      expectProblem(
        await s.admin.request('DELETE', `/api/programmes/${P}/personal-data/${subject}`),
        404,
        'unknown_subject',
      );
  });
});
