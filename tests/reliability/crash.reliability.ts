import { fold, toView } from '@steerlog/domain';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Json, ServerProcess } from './harness.js';
import {
  allEvents,
  client,
  createTokens,
  freePort,
  resetAgents,
  settledReadiness,
  sleep,
  spawnServer,
  stable,
  summary,
  tempDir,
} from './harness.js';

/**
 * Part 1, crash: the real server process takes writes from several clients at once and is
 * killed with SIGKILL at random moments; after every restart on the same file each command it
 * acknowledged (201) is in the log exactly once, the read models equal the fold, and the chain
 * verifies. Clients whose request got no answer retry it with the same Idempotency-Key.
 */

const KILLS_UNDER_LOAD = 22;
const KILLS_WHILE_STARTING = 3;
const CLIENTS = 6;
const PROGRAMMES = ['crash-a', 'crash-b'];

/** A small deterministic PRNG, so a failing run can be repeated with its seed. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const seed = Number(process.env['RELIABILITY_SEED'] ?? Date.now() % 1_000_000);
const random = prng(seed);

/** Commands that a programme always accepts, each creating something new (ids from the key). */
const commandFor = (key: string, n: number) => {
  const id = key.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  switch (n % 5) {
    case 0:
      return {
        type: 'AddPartner',
        data: { partnerId: `p-${id}`, name: `Partner ${id}`, sector: 'nhs', lead: `Lead ${id}` },
      };
    case 1:
      return { type: 'RaiseRisk', data: { riskId: `r-${id}`, title: `Risk ${id}`, likelihood: 3, impact: 2 } };
    case 2:
      return { type: 'RecordDecision', data: { decisionId: `d-${id}`, summary: `Decision ${id}` } };
    case 3:
      return {
        type: 'AllocateFunding',
        data: { allocationId: `a-${id}`, source: 'Home Office', amountPence: 1000 + n, financialYear: '2024/25' },
      };
    default:
      return { type: 'AppointChampion', data: { championId: `c-${id}`, partnerId: 'anchor', name: `Champion ${id}` } };
  }
};

type Sent = { key: string; programmeId: string; command: unknown };
type Ack = Sent & { eventIds: string[]; positions: number[] };

const dir = tempDir('crash');
const dbPath = dir.path('crash.db');
let server: ServerProcess | null = null;
let port = 0;
let tokens: Awaited<ReturnType<typeof createTokens<'coordinator' | 'auditor'>>>;

const base = () => `http://127.0.0.1:${port}`;

beforeAll(async () => {
  tokens = await createTokens(dbPath, { coordinator: { role: 'coordinator' }, auditor: { role: 'auditor' } });
  port = await freePort();
});

afterAll(async () => {
  await server?.kill();
  resetAgents();
  dir.remove();
});

it(`keeps every acknowledged command exactly once through ${KILLS_UNDER_LOAD}+ SIGKILLs under write load`, async () => {
  const started = Date.now();
  const coordinator = client(base, tokens.coordinator.token);
  const auditor = client(base, tokens.auditor.token);

  server = await spawnServer({ dbPath, port });
  for (const programmeId of PROGRAMMES) {
    expect(
      (await coordinator.command(programmeId, { type: 'LaunchProgramme', data: { name: programmeId } })).status,
    ).toBe(201);
    expect(
      (
        await coordinator.command(programmeId, {
          type: 'AddPartner',
          data: { partnerId: 'anchor', name: 'Anchor', sector: 'police' },
        })
      ).status,
    ).toBe(201);
  }

  const acked = new Map<string, Ack>();
  /** Sent, no answer (the server died under it): retried with the same key after the restart. */
  const unanswered = new Map<string, Sent>();
  const everSent = new Map<string, Sent>();
  let retriedAfterCrash = 0;
  let committedUnanswered = 0;
  let rejected = 0;
  const failures: string[] = [];

  /** Clients run while `open`; a kill flips it off and they park until the checks are done. */
  let open = true;
  let stop = false;
  let inFlight = 0;
  let resume: () => void = () => {};
  let gate = Promise.resolve();

  const send = async (sent: Sent): Promise<'acked' | 'dropped'> => {
    inFlight++;
    try {
      const res = await fetch(`${base()}/api/programmes/${sent.programmeId}/commands`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tokens.coordinator.token}`,
          'content-type': 'application/json',
          'idempotency-key': sent.key,
        },
        body: JSON.stringify(sent.command),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await res.text();
      if (res.status === 201) {
        const body = JSON.parse(text);
        acked.set(sent.key, {
          ...sent,
          eventIds: (body.events as Json[]).map((e) => e.id as string),
          positions: (body.events as Json[]).map((e) => e.position as number),
        });
        unanswered.delete(sent.key);
        return 'acked';
      }
      rejected++;
      failures.push(`${sent.key}: ${res.status} ${text.slice(0, 200)}`);
      unanswered.delete(sent.key);
      return 'acked';
    } catch {
      unanswered.set(sent.key, sent);
      return 'dropped';
    } finally {
      inFlight--;
    }
  };

  const runClient = async (c: number) => {
    let n = 0;
    while (!stop) {
      if (!open) {
        await gate;
        continue;
      }
      const key = `k${c}-${n}`;
      const sent: Sent = { key, programmeId: PROGRAMMES[c % PROGRAMMES.length]!, command: commandFor(key, n) };
      everSent.set(key, sent);
      n++;
      await send(sent);
    }
  };

  /** The proof after each restart: acknowledged ⇒ exactly once; read models = fold; verify ok. */
  let checks = 0;
  let lost = 0;
  let duplicated = 0;
  const check = async (round: number) => {
    checks++;
    const ready = await settledReadiness(base());
    expect(ready.status, `round ${round}: /readyz ${ready.text}`).toBe(200);
    const verified = await auditor.get('/api/audit/verify');
    expect(verified.body, `round ${round}`).toMatchObject({ ok: true });
    const byKey = new Map<string, Json[]>();
    const all: Json[] = [];
    for (const programmeId of PROGRAMMES) {
      const events = await allEvents(coordinator, programmeId);
      all.push(...events);
      for (const e of events) {
        const key = e.meta.correlationId as string;
        byKey.set(key, [...(byKey.get(key) ?? []), e]);
      }
      // Read models equal the fold: the live state, the state cut at the head (folded from the log
      // by the server), and the domain's own fold of the served events agree.
      const live = await coordinator.get(`/api/programmes/${programmeId}/state`);
      const head = events[events.length - 1].position as number;
      const cut = await coordinator.get(`/api/programmes/${programmeId}/state?atPosition=${head}`);
      expect(live.status).toBe(200);
      expect(stable(live.body), `round ${round}: ${programmeId} read model vs fold at ${head}`).toEqual(
        stable(cut.body),
      );
      const now = new Date().toISOString();
      const local = JSON.parse(JSON.stringify(toView(fold(events), { asOf: now, knownAt: now })));
      expect(stable(live.body), `round ${round}: ${programmeId} read model vs domain fold`).toEqual(stable(local));
    }
    const positions = all.map((e) => e.position as number).sort((a, b) => a - b);
    expect(positions, `round ${round}: positions gap-free`).toEqual(positions.map((_, i) => i + 1));
    expect(verified.body.checked).toBe(positions.length);
    for (const ack of acked.values())
      expect(
        (byKey.get(ack.key) ?? []).map((e) => e.id),
        `round ${round}: acknowledged ${ack.key}`,
      ).toEqual(ack.eventIds);
    const lostNow = [...acked.values()].filter((a) => !byKey.has(a.key)).length;
    // Any key sent more than once in the log is a duplicate, acknowledged or not.
    const duplicatedNow = [...byKey].filter(([key, events]) => everSent.has(key) && events.length > 1).length;
    lost = Math.max(lost, lostNow);
    duplicated = Math.max(duplicated, duplicatedNow);
    expect({ lostNow, duplicatedNow }, `round ${round}`).toEqual({ lostNow: 0, duplicatedNow: 0 });
  };

  const clients = Array.from({ length: CLIENTS }, (_, c) => runClient(c));
  let kills = 0;
  let killsInFlight = 0;
  let killsUnderLoad = 0;
  try {
    for (let round = 1; round <= KILLS_UNDER_LOAD + KILLS_WHILE_STARTING; round++) {
      const whileStarting = round % Math.ceil((KILLS_UNDER_LOAD + KILLS_WHILE_STARTING) / KILLS_WHILE_STARTING) === 0;
      if (!whileStarting) await sleep(150 + random() * 900);
      open = false;
      gate = new Promise<void>((r) => (resume = r));
      killsInFlight += inFlight;
      if (inFlight > 0) killsUnderLoad++;
      const exit = await server.kill('SIGKILL');
      kills++;
      expect(exit.signal).toBe('SIGKILL');
      resetAgents();
      if (whileStarting) {
        // Kill it again while it opens the file and catches up, before it answers anything.
        const starting = await spawnServer({ dbPath, port, noWait: true });
        await sleep(300 + random() * 1700);
        await starting.kill('SIGKILL');
        kills++;
      }
      server = await spawnServer({ dbPath, port });
      // Some requests that died with the process had committed first: their retry must replay, not append.
      if (unanswered.size > 0) {
        const logged = new Set<string>();
        for (const programmeId of PROGRAMMES)
          for (const e of await allEvents(coordinator, programmeId)) logged.add(e.meta.correlationId as string);
        for (const key of unanswered.keys()) if (logged.has(key)) committedUnanswered++;
      }
      // Requests that died with the process are retried first, with the same key and body.
      for (const sent of [...unanswered.values()]) {
        retriedAfterCrash++;
        let outcome = await send(sent);
        for (let attempt = 1; outcome === 'dropped' && attempt < 5; attempt++) {
          await sleep(100);
          outcome = await send(sent);
        }
        expect(outcome, `retry of ${sent.key}`).toBe('acked');
      }
      await check(round);
      open = true;
      resume();
    }
  } finally {
    stop = true;
    open = true;
    resume();
    await Promise.all(clients);
  }
  await check(KILLS_UNDER_LOAD + KILLS_WHILE_STARTING + 1);

  expect(failures).toEqual([]);
  expect(killsUnderLoad).toBeGreaterThanOrEqual(20);
  summary('crash', {
    seed,
    kills,
    killsUnderLoad,
    checks,
    sent: everSent.size,
    acknowledged: acked.size,
    inFlightAtKill: killsInFlight,
    retriedAfterCrash,
    committedUnanswered,
    rejected,
    lost,
    duplicated,
    seconds: Math.round((Date.now() - started) / 1000),
  });
  expect(lost).toBe(0);
  expect(duplicated).toBe(0);
});
