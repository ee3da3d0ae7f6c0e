import http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Json, ServerProcess } from './harness.js';
import {
  allEvents,
  client,
  createTokens,
  expectProblem,
  resetAgents,
  sleep,
  spawnServer,
  stable,
  summary,
  tempDir,
} from './harness.js';

/**
 * Part 2, races and retries: many clients racing on one programme with `expectedVersion`, and
 * clients retrying with the same Idempotency-Key after their response was dropped.
 */

const RACERS = 16;
const ROUNDS = 25;
const PROGRAMME = 'race';

const dir = tempDir('races');
const dbPath = dir.path('races.db');
let server: ServerProcess;
let tokens: string[];
let auditor: string;

beforeAll(async () => {
  const specs = Object.fromEntries(
    Array.from({ length: RACERS }, (_, i) => [`racer-${i}`, { role: 'coordinator' as const }]),
  );
  const created = await createTokens<string>(dbPath, { ...specs, auditor: { role: 'auditor' } });
  tokens = Array.from({ length: RACERS }, (_, i) => created[`racer-${i}`]!.token);
  auditor = created['auditor']!.token;
  server = await spawnServer({ dbPath });
  const res = await client(() => server.url, tokens[0]!).command(PROGRAMME, {
    type: 'LaunchProgramme',
    data: { name: 'Races' },
  });
  expect(res.status).toBe(201);
});

afterAll(async () => {
  const t0 = Date.now();
  await server.kill('SIGTERM');
  console.log('kill took', Date.now() - t0, server.output().slice(-500));
  resetAgents();
  dir.remove();
});

type Answer = { status: number; body: Json; text: string; contentType: string };

/** A command over fetch (undici), as a browser or script would send it. */
const post = async (token: string, command: unknown, key?: string, signal?: AbortSignal): Promise<Answer> => {
  const res = await fetch(`${server.url}/api/programmes/${PROGRAMME}/commands`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(key ? { 'idempotency-key': key } : {}),
    },
    body: JSON.stringify(command),
    ...(signal ? { signal } : {}),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text), contentType: res.headers.get('content-type') ?? '' };
};

const version = async () => {
  const res = await client(() => server.url, tokens[0]!).get(`/api/programmes/${PROGRAMME}/state`);
  return res.body.version as number;
};

const risk = (tag: string, expectedVersion?: number) => ({
  type: 'RaiseRisk',
  data: { title: `Risk ${tag}`, likelihood: 2, impact: 3 },
  ...(expectedVersion === undefined ? {} : { expectedVersion }),
});

const asProblem = (a: Answer) => ({
  status: a.status,
  headers: { 'content-type': a.contentType },
  text: a.text,
  body: a.body,
});

const figures: Record<string, number> = {};

it(`lets exactly one of ${RACERS} racers on the same expectedVersion win, ${ROUNDS} rounds running`, async () => {
  let winners = 0;
  let losers = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const v = await version();
    const answers = await Promise.all(tokens.map((t, i) => post(t, risk(`r${round}-${i}`, v))));
    const won = answers.filter((a) => a.status === 201);
    const lost = answers.filter((a) => a.status !== 201);
    expect(won, `round ${round}`).toHaveLength(1);
    expect(won[0]!.body.version).toBe(v + 1);
    for (const a of lost) expectProblem(asProblem(a), 409, 'version_conflict');
    winners += won.length;
    losers += lost.length;
  }
  Object.assign(figures, { raceRounds: ROUNDS, racers: RACERS, winners, losers409: losers });
});

it('keeps versions gap-free when every client retries its conflicts until it lands', async () => {
  const perClient = 8;
  const start = await version();
  let conflicts = 0;
  const landed: number[] = [];
  await Promise.all(
    tokens.map(async (t, i) => {
      for (let n = 0; n < perClient;) {
        const a = await post(t, risk(`ffa-${i}-${n}`, await version()));
        if (a.status === 201) {
          landed.push(a.body.version as number);
          n++;
        } else {
          expectProblem(asProblem(a), 409, 'version_conflict');
          conflicts++;
        }
      }
    }),
  );
  expect(landed.sort((a, b) => a - b)).toEqual(landed.map((_, i) => start + i + 1));
  Object.assign(figures, { freeForAllCommands: landed.length, freeForAllConflicts: conflicts });
});

/** Sends over node:http and destroys the socket as soon as the status line arrives: the server has answered, the client never reads it. */
const postAndDrop = (token: string, command: unknown, key: string) =>
  new Promise<void>((resolve) => {
    const body = JSON.stringify(command);
    const req = http.request(`${server.url}/api/programmes/${PROGRAMME}/commands`, {
      method: 'POST',
      agent: false,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'idempotency-key': key,
      },
    });
    req.on('response', () => {
      req.destroy();
      resolve();
    });
    req.on('error', () => resolve());
    req.end(body);
  });

it('creates no duplicate when clients retry with the same Idempotency-Key after dropped responses', async () => {
  const keys: { key: string; token: string; command: unknown }[] = [];
  let abortedMidFlight = 0;
  let droppedAfterAnswer = 0;
  let retries = 0;
  const firstAnswers = new Map<string, string[]>();
  const unexpected: string[] = [];
  await Promise.all(
    tokens.map(async (token, i) => {
      for (let n = 0; n < 12; n++) {
        const key = `drop-${i}-${n}`;
        const command = risk(key);
        keys.push({ key, token, command });
        // Half are cut at a random moment (before or after the commit), half once the answer has come.
        if (n % 2 === 0) {
          abortedMidFlight++;
          await post(token, command, key, AbortSignal.timeout(Math.floor(Math.random() * 25))).catch(() => null);
        } else {
          droppedAfterAnswer++;
          await postAndDrop(token, command, key);
        }
        for (;;) {
          retries++;
          const a = await post(token, command, key).catch(() => null);
          if (a?.status === 201) {
            firstAnswers.set(
              key,
              (a.body.events as Json[]).map((e) => e.id as string),
            );
            break;
          }
          if (a) unexpected.push(`${key}: ${a.status} ${a.text}`);
          await sleep(10);
        }
      }
    }),
  );

  expect(unexpected).toEqual([]);

  // The same key sent six times at once: one event, six identical answers.
  let concurrentSends = 0;
  for (let n = 0; n < 10; n++) {
    const key = `burst-${n}`;
    const answers = await Promise.all(Array.from({ length: 6 }, () => post(tokens[0]!, risk(key), key)));
    concurrentSends += answers.length;
    for (const a of answers) expect(a.status, a.text).toBe(201);
    for (const a of answers) expect(a.body, key).toEqual(answers[0]!.body);
    keys.push({ key, token: tokens[0]!, command: risk(key) });
    firstAnswers.set(
      key,
      (answers[0]!.body.events as Json[]).map((e) => e.id as string),
    );
  }

  // The same key with another body is refused and appends nothing.
  const before = await version();
  const reused = await post(tokens[0]!, risk('something else'), 'burst-0');
  expectProblem(asProblem(reused), 422, 'idempotency_key_reused');
  expect(await version()).toBe(before);

  const events = await allEvents(
    client(() => server.url, tokens[0]!),
    PROGRAMME,
  );
  const byKey = new Map<string, Json[]>();
  for (const e of events) byKey.set(e.meta.correlationId, [...(byKey.get(e.meta.correlationId) ?? []), e]);
  let duplicated = 0;
  let lost = 0;
  for (const { key } of keys) {
    const found = byKey.get(key) ?? [];
    if (found.length === 0) lost++;
    if (found.length > 1) duplicated++;
    expect(found.map((e) => e.id)).toEqual(firstAnswers.get(key));
  }
  expect({ lost, duplicated }).toEqual({ lost: 0, duplicated: 0 });
  Object.assign(figures, {
    idempotentKeys: keys.length,
    abortedMidFlight,
    droppedAfterAnswer,
    retries,
    concurrentSends,
    idempotencyLost: lost,
    idempotencyDuplicated: duplicated,
  });
});

it('accepts a correct expectedVersion after a stale one and leaves no gap', async () => {
  const c = client(() => server.url, tokens[1]!);
  let stale = 0;
  for (let n = 0; n < 20; n++) {
    const v = await version();
    for (const wrong of [v - 1, v + 1, 0]) {
      const res = await c.command(PROGRAMME, risk(`stale-${n}`, wrong));
      expectProblem(res, 409, 'version_conflict');
      stale++;
    }
    const ok = await c.command(PROGRAMME, risk(`fresh-${n}`, v));
    expect(ok.status, ok.text).toBe(201);
    expect(ok.body.version).toBe(v + 1);
  }
  figures['staleThenCorrect'] = 20;
  figures['staleRefused'] = stale;
});

it('ends with a gap-free, verified log whose read model equals the fold', async () => {
  const c = client(() => server.url, tokens[0]!);
  const events = await allEvents(c, PROGRAMME);
  expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
  expect(events.map((e) => e.position)).toEqual(events.map((_, i) => i + 1));
  const verified = await client(() => server.url, auditor).get('/api/audit/verify');
  expect(verified.body).toMatchObject({ ok: true, checked: events.length, checkpoints: { ok: true } });
  const live = await c.get(`/api/programmes/${PROGRAMME}/state`);
  const cut = await c.get(`/api/programmes/${PROGRAMME}/state?atPosition=${events.length}`);
  expect(stable(live.body)).toEqual(stable(cut.body));
  summary('races', { ...figures, events: events.length, gaps: 0 });
});
