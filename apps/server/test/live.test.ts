import type { Command } from '@steerlog/domain';
import { baseline } from '@steerlog/domain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, Json, TestServer } from './http.js';
import { sleep, startTestServer } from './http.js';
import type { Frame } from './ws.js';
import { LiveClient, upgradeStatus } from './ws.js';

const HEARTBEAT_MS = 200;

let server: TestServer;
let becky: Client;
let viewer: string;
const open: LiveClient[] = [];

const subscribe = async (programmeId: string, after: number, via: 'header' | 'query' = 'header') => {
  const client = new LiveClient(server.url, programmeId, { token: viewer, via, after });
  open.push(client);
  await client.opened;
  return client;
};

let risks = 0;
const risk = () => ({ type: 'RaiseRisk', data: { title: `Risk ${++risks}`, likelihood: 1, impact: 1 } });

const firstHeartbeat = (frames: Frame[]) => frames.some((f) => f.kind === 'heartbeat');
const positionsOf = (events: { position: number }[]) => events.map((e) => e.position);
const hasPosition = (position: number) => (frames: Frame[]) =>
  frames.some((f) => f.kind === 'event' && f.event.position === position);

beforeAll(async () => {
  server = await startTestServer({ live: { heartbeatMs: HEARTBEAT_MS } });
  becky = await server.as('coordinator', 'becky');
  viewer = await server.createToken('viewer', 'display');
});
afterAll(async () => {
  for (const c of open) await c.close();
  await server.stop();
});

describe('live websocket', () => {
  it('sends the backlog after P, a heartbeat, then live events in position order with no gap and no repeat', async () => {
    const p = 'live';
    await becky.record(p, baseline());
    await becky.record('noise', [{ type: 'LaunchProgramme', data: { name: 'Noise' } }]);
    await becky.record(p, [{ type: 'AddPartner', data: { partnerId: 'police', name: 'Police', sector: 'police' } }]);
    const logged = await becky.allEvents(p);
    const after = logged[2].position;

    const live = await subscribe(p, after);
    const frames = await live.until(firstHeartbeat);
    const backlog = logged.filter((e) => e.position > after);
    const beat = frames.findIndex((f) => f.kind === 'heartbeat');
    expect(beat).toBe(backlog.length);
    expect(frames.slice(0, beat)).toEqual(backlog.map((event) => ({ kind: 'event', event })));
    expect(frames[beat]).toEqual({ kind: 'heartbeat', position: server.store.headPosition });

    await becky.record(p, [risk()]);
    await becky.record('noise', [risk()]);
    const [, final] = await becky.record(p, [risk(), risk()]);
    await live.until(hasPosition(final.position));
    const expected = (await becky.allEvents(p)).filter((e) => e.position > after);
    expect(live.events).toEqual(expected);
    expect(live.events.every((e) => e.programmeId === p)).toBe(true);
  });

  it('loses nothing for a client that reconnects with the last position it saw', async () => {
    const p = 'reconnect';
    await becky.record(p, baseline());
    const first = await subscribe(p, 0, 'query');
    await first.until(firstHeartbeat);
    const seen = first.events.at(-1)!.position;
    await first.close();

    await becky.record(p, [risk(), risk(), risk()]);
    const second = await subscribe(p, seen);
    await second.until(firstHeartbeat);
    const all = await becky.allEvents(p);
    expect([...first.events, ...second.events]).toEqual(all);
    expect(positionsOf(second.events)).toEqual(positionsOf(all.slice(baseline().length)));
  });

  it('has no gap and no repeat when clients join while writers are busy', async () => {
    const p = 'busy';
    await becky.record(p, [{ type: 'LaunchProgramme', data: { name: 'Busy' } }]);
    const writers = [0, 1, 2].map(async (w) => {
      for (let i = 0; i < 15; i++) {
        const res = await becky.command(w === 2 ? 'noise' : p, risk());
        expect(res.status, res.text).toBe(201);
      }
    });
    const clients: LiveClient[] = [];
    for (let i = 0; i < 4; i++) {
      await sleep(15);
      clients.push(await subscribe(p, 0));
    }
    await Promise.all(writers);
    const all = await becky.allEvents(p);
    expect(all.length).toBe(1 + 30);
    for (const c of clients) {
      await c.until(hasPosition(all.at(-1).position));
      expect(positionsOf(c.events)).toEqual(positionsOf(all));
    }
  });

  it('has no gap and no repeat across a backlog of several pages read while writers commit', async () => {
    const p = 'long';
    await becky.record(p, [{ type: 'LaunchProgramme', data: { name: 'Long' } }]);
    // The hub reads the backlog 500 events at a time: two pages, set up straight through the store for speed.
    for (let i = 0; i < 600; i++) await server.store.handle(p, risk() as Command, { actor: 'setup' });
    let writing = true;
    const writers = [0, 1, 2, 3].map(async () => {
      while (writing) await becky.record(p, [risk()]);
    });
    const clients: LiveClient[] = [];
    for (let i = 0; i < 4; i++) {
      await sleep(10);
      clients.push(await subscribe(p, 0));
    }
    await Promise.all(clients.map((c) => c.until(firstHeartbeat)));
    writing = false;
    await Promise.all(writers);
    const all = await becky.allEvents(p);
    expect(all.length).toBeGreaterThan(601);
    for (const c of clients) {
      await c.until(hasPosition(all.at(-1).position));
      expect(positionsOf(c.events)).toEqual(positionsOf(all));
    }
  });

  it('keeps serving writers and other clients while one client does not read', async () => {
    const p = 'slow';
    await becky.record(p, [{ type: 'LaunchProgramme', data: { name: 'Slow' } }]);
    const stalled = await subscribe(p, 0);
    await stalled.until(firstHeartbeat);
    stalled.pause();
    const reader = await subscribe(p, 0);
    const started = Date.now();
    const results = await becky.record(p, Array.from({ length: 40 }, risk));
    expect(Date.now() - started).toBeLessThan(10_000);
    await reader.until(hasPosition(results.at(-1).position));
    expect(positionsOf(reader.events)).toEqual(positionsOf(await becky.allEvents(p)));
    stalled.resume();
    await stalled.until(hasPosition(results.at(-1).position));
  });

  it(`sends a heartbeat with the head position every ${HEARTBEAT_MS} ms`, async () => {
    const p = 'heartbeat';
    await becky.record(p, [{ type: 'LaunchProgramme', data: { name: 'Heartbeat' } }]);
    const live = await subscribe(p, 0);
    await live.until(firstHeartbeat);
    const times: number[] = [];
    const beats = (frames: Frame[]) => frames.filter((f) => f.kind === 'heartbeat').length;
    const start = beats(live.frames);
    for (let n = 1; n <= 4; n++) {
      await live.until((frames) => beats(frames) >= start + n, HEARTBEAT_MS * 5);
      times.push(Date.now());
    }
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    for (const gap of gaps) {
      expect(gap).toBeGreaterThan(HEARTBEAT_MS / 2);
      expect(gap).toBeLessThan(HEARTBEAT_MS * 3);
    }
    const last = live.frames.filter((f) => f.kind === 'heartbeat').at(-1) as Json;
    expect(last.position).toBe(server.store.headPosition);
  });

  it('404 for the live websocket of a programme that does not exist', async () => {
    expect(await upgradeStatus(server.url, 'nowhere', { token: viewer })).toBe(404);
  });
});
