import type { TestServer } from '@steerlog/server';
import { startTestServer } from '@steerlog/server';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { pool, sleep, summary } from './harness.js';

/**
 * Part 8, websocket under churn: while a writer commits steadily, 1,000 live clients connect and
 * disconnect (cleanly, abruptly, before and after their backlog) next to a few reading clients
 * and one that never reads. Every reading client gets every event in order without a stall, and
 * the hub's client count and the server's heap return to their baselines.
 */

const CYCLES = 1_000;
const CONCURRENCY = 20;
const READERS = 4;
const WRITE_INTERVAL_MS = 20;
const PROGRAMME = 'churn';
/** Heap growth allowed after churn, once garbage is collected. */
const HEAP_BOUND_MB = 20;
/** The longest from a command's 201 to its event reaching a reading client (a stall would show here). */
const MAX_LAG_MS = 1_000;

let server: TestServer;
let coordinator: string;

/** The real `gc` (vitest does not start its workers with --expose-gc). */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMb = async () => {
  for (let i = 0; i < 3; i++) {
    gc();
    await sleep(50);
  }
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

beforeAll(async () => {
  server = await startTestServer({ demo: false });
  coordinator = await server.createToken('coordinator', 'churn');
});

afterAll(async () => {
  await server?.close();
});

const liveUrl = (after: number) =>
  `${server.url.replace(/^http/, 'ws')}/api/programmes/${PROGRAMME}/live?after=${after}`;
const open = (after: number) => new WebSocket(liveUrl(after), { headers: { authorization: `Bearer ${coordinator}` } });

type Frame = { kind: 'event'; event: { position: number } } | { kind: 'heartbeat'; position: number };

/** A client that reads every frame and notes when each event arrived. */
const reader = () =>
  new Promise<{ socket: WebSocket; positions: number[]; times: number[] }>((resolve, reject) => {
    const positions: number[] = [];
    const times: number[] = [];
    const socket = open(0);
    socket.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as Frame;
      if (frame.kind !== 'event') return;
      positions.push(frame.event.position);
      times.push(performance.now());
    });
    socket.once('open', () => resolve({ socket, positions, times }));
    socket.once('error', reject);
  });

/** One churn cycle: connect, then leave at once, after the backlog (cleanly), or after it by dropping TCP. */
const cycle = (i: number, after: number) =>
  new Promise<void>((resolve, reject) => {
    const socket = open(after);
    const timer = setTimeout(() => reject(new Error(`cycle ${i} did not finish`)), 15_000);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('error', () => {
      /* a socket closed mid-handshake may report an error; the close that follows settles it */
    });
    socket.once('open', () => {
      if (i % 3 === 0) socket.close();
    });
    socket.on('message', (data: Buffer) => {
      if ((JSON.parse(data.toString()) as Frame).kind !== 'heartbeat') return;
      if (i % 3 === 1) socket.close();
      else if (i % 3 === 2) socket.terminate();
    });
  });

const post = async (command: unknown) => {
  const res = await fetch(`${server.url}/api/programmes/${PROGRAMME}/commands`, {
    method: 'POST',
    headers: { authorization: `Bearer ${coordinator}`, 'content-type': 'application/json' },
    body: JSON.stringify(command),
  });
  const text = await res.text();
  expect(res.status, text).toBe(201);
  return (JSON.parse(text) as { position: number }).position;
};

it('survives 1,000 connect/disconnect cycles and a never-reading client: no stall, no leak', async () => {
  let head = await post({ type: 'LaunchProgramme', data: { name: 'Churn' } });
  const readers = await Promise.all(Array.from({ length: READERS }, () => reader()));
  const stuck = open(0);
  await new Promise<void>((resolve, reject) => {
    stuck.once('open', () => {
      (stuck as unknown as { _socket: { pause: () => void } })._socket.pause();
      resolve();
    });
    stuck.once('error', reject);
  });

  // Warm up the code paths churn uses, then take the baselines.
  await pool(
    CONCURRENCY,
    Array.from({ length: 60 }, (_, i) => () => cycle(i, Math.max(0, head - 5))),
  );
  await sleep(200);
  const baselineClients = server.hub.size;
  const baselineHeap = await heapMb();

  let writing = true;
  let written = 0;
  const ackedAt = new Map<number, number>();
  const writer = (async () => {
    for (let n = 0; writing; n++) {
      head = await post({ type: 'RecordDecision', data: { decisionId: `d-${n}`, summary: `Decision ${n}` } });
      ackedAt.set(head, performance.now());
      written++;
      await sleep(WRITE_INTERVAL_MS);
    }
  })();
  const churnStarted = performance.now();
  await pool(
    CONCURRENCY,
    Array.from({ length: CYCLES }, (_, i) => () => cycle(i, Math.max(0, head - 5))),
  );
  const churnMs = Math.round(performance.now() - churnStarted);
  writing = false;
  await writer;
  const churnHeapPeak = process.memoryUsage().heapUsed / 1024 / 1024;

  // Every reading client has every event, in order, with no gap and no repeat.
  const deadline = Date.now() + 10_000;
  while (readers.some((r) => r.positions.at(-1) !== head) && Date.now() < deadline) await sleep(20);
  const expected = Array.from({ length: head }, (_, i) => i + 1);
  let wrong = 0;
  let maxGap = 0;
  let maxLag = 0;
  for (const r of readers) {
    if (JSON.stringify(r.positions) !== JSON.stringify(expected)) wrong++;
    // Gaps while the writer runs (not the quiet warm-up before it).
    for (let i = 1; i < r.times.length; i++)
      if (ackedAt.has(r.positions[i - 1]!)) maxGap = Math.max(maxGap, r.times[i]! - r.times[i - 1]!);
    r.positions.forEach((p, i) => {
      const acked = ackedAt.get(p);
      if (acked !== undefined) maxLag = Math.max(maxLag, r.times[i]! - acked);
    });
  }
  // The writer's own longest pause between two 201s: a reader's gap beyond it would be a stall.
  const acks = [...ackedAt.values()];
  const maxWriteGap = Math.max(0, ...acks.slice(1).map((t, i) => t - acks[i]!));

  // Every churned client is gone from the hub; the stuck one and the readers remain.
  const settleDeadline = Date.now() + 5_000;
  while (server.hub.size !== baselineClients && Date.now() < settleDeadline) await sleep(20);
  const clientsAfter = server.hub.size;
  const heapAfter = await heapMb();

  summary('churn', {
    cycles: CYCLES,
    concurrency: CONCURRENCY,
    readers: READERS,
    stuckClients: 1,
    commands: written,
    churnMs,
    eventsPerReader: head,
    readersWrong: wrong,
    maxReceiptGapMs: Math.round(maxGap),
    maxWriteGapMs: Math.round(maxWriteGap),
    maxLagAfter201Ms: Math.round(maxLag),
    hubClients: `${baselineClients}->${clientsAfter}`,
    heapMb: `${baselineHeap.toFixed(1)}->${heapAfter.toFixed(1)}`,
    heapPeakMb: churnHeapPeak.toFixed(1),
  });

  try {
    expect(wrong).toBe(0);
    expect(maxLag).toBeLessThan(MAX_LAG_MS);
    expect(maxGap).toBeLessThan(maxWriteGap + MAX_LAG_MS);
    expect(clientsAfter).toBe(baselineClients);
    expect(stuck.readyState).toBe(WebSocket.OPEN);
    expect(heapAfter - baselineHeap).toBeLessThan(HEAP_BOUND_MB);
  } finally {
    for (const r of readers) r.socket.terminate();
    stuck.terminate();
  }
});
