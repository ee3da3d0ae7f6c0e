import { readFileSync } from 'node:fs';
import net from 'node:net';
import { openSqlite, Store, Tokens } from '@steerlog/store';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerProcess } from './harness.js';
import { request, sleep, spawnServer, summary, tempDir } from './harness.js';

/**
 * Websocket backlog under attack: 300 clients of one viewer token each ask for a 12 MB backlog
 * and never read a byte. Before the backlog was paged, every client's whole backlog was queued
 * in the server (222 MiB -> 2.87 GiB). Now a page is read only once the client took the last,
 * so the server process's resident memory must stay under the bound, and come back after they go.
 */

const CLIENTS = 300;
const BACKLOG_BYTES = 12 * 1024 * 1024;
const PROGRAMME = 'backlog';
/** Resident memory the server may add while the 300 clients hang on their backlogs. */
const RSS_GROWTH_BOUND_MIB = 200;

const dir = tempDir('backlog');
let server: ServerProcess;
let viewer: string;
let events = 0;

/** The server process's resident set, from /proc (the child is node itself, not a shell). */
const rssMib = () => {
  const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
};

beforeAll(async () => {
  const dbPath = dir.path('steerlog.db');
  // Seeded in-process through the command path (far faster than over HTTP), before the server starts.
  const store = await Store.open(openSqlite(dbPath));
  await store.handle(PROGRAMME, { type: 'LaunchProgramme', data: { name: 'Backlog' } }, { actor: 'seed' });
  const rationale = 'r'.repeat(1900);
  let bytes = 0;
  while (bytes < BACKLOG_BYTES) {
    const batch = Array.from({ length: 200 }, (_, i) =>
      store.handle(
        PROGRAMME,
        { type: 'RecordDecision', data: { summary: `Decision ${events + i}`, rationale } },
        { actor: 'seed' },
      ),
    );
    for (const r of await Promise.all(batch)) bytes += JSON.stringify({ kind: 'event', event: r.events[0] }).length;
    events += batch.length;
  }
  viewer = (await new Tokens(store.kysely).create({ role: 'viewer', name: 'display' })).token;
  await store.close();
  server = await spawnServer({ dbPath, env: { STEERLOG_LIVE_MAX_PER_TOKEN: String(CLIENTS + 1) } });
}, 300_000);

afterAll(async () => {
  await server?.kill('SIGTERM');
  dir.remove();
});

/** A websocket handshake by hand, then never a read: the socket is paused once the 101 arrives. */
const hangingClient = (port: number) =>
  new Promise<net.Socket>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () =>
      socket.write(
        `GET /api/programmes/${PROGRAMME}/live?after=0 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n` +
          'Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
          `Authorization: Bearer ${viewer}\r\n\r\n`,
      ),
    );
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      if (chunk.toString('latin1').startsWith('HTTP/1.1 101')) resolve(socket);
      else reject(new Error(chunk.toString('latin1').split('\r\n')[0]));
    });
    socket.once('error', reject);
  });

it('keeps the server under its memory bound with 300 never-reading clients of one token on a 12 MB backlog', async () => {
  await sleep(1000);
  const baseline = rssMib();
  const sockets: net.Socket[] = [];
  let peak = baseline;
  for (let i = 0; i < CLIENTS; i++) {
    sockets.push(await hangingClient(server.port));
    if (i % 20 === 0) peak = Math.max(peak, rssMib());
  }
  // Long enough for an unpaged server to have queued every backlog (it did within seconds).
  for (let i = 0; i < 20; i++) {
    await sleep(250);
    peak = Math.max(peak, rssMib());
  }
  // The server still answers, and a reading client still gets the whole backlog, in order.
  expect((await request(server.url, 'GET', '/healthz')).status).toBe(200);
  const started = Date.now();
  const positions = await new Promise<number[]>((resolve, reject) => {
    const seen: number[] = [];
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/api/programmes/${PROGRAMME}/live?after=0`, {
      headers: { authorization: `Bearer ${viewer}` },
    });
    ws.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as { kind: string; event?: { position: number } };
      if (frame.kind === 'event') seen.push(frame.event!.position);
      else if (frame.kind === 'heartbeat') {
        ws.close();
        resolve(seen);
      }
    });
    ws.on('error', reject);
    ws.on('close', (code) => reject(new Error(`closed with ${code} before the backlog ended`)));
  });
  const readMs = Date.now() - started;
  expect(positions).toEqual(Array.from({ length: events + 1 }, (_, i) => i + 1));
  for (const s of sockets) s.destroy();
  await sleep(2000);
  const after = rssMib();
  summary('backlog memory', {
    clients: CLIENTS,
    backlogEvents: events,
    backlogMiB: (BACKLOG_BYTES / 1024 / 1024).toFixed(0),
    rssBaselineMiB: baseline.toFixed(0),
    rssPeakMiB: peak.toFixed(0),
    rssAfterCloseMiB: after.toFixed(0),
    readerBacklogMs: readMs,
    boundMiB: RSS_GROWTH_BOUND_MIB,
  });
  expect(peak - baseline).toBeLessThan(RSS_GROWTH_BOUND_MIB);
});
