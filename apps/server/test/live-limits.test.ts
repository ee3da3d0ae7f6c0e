import { Writable } from 'node:stream';
import { baseline } from '@steerlog/domain/testing';
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestServer } from './http.js';
import { startTestServer } from './http.js';

const warnings: { level: number; msg: string; limit?: string }[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n'))
      if (line.trim() !== '') warnings.push(JSON.parse(line) as { level: number; msg: string });
    done();
  },
});

let server: TestServer;
const tokens: string[] = [];
beforeAll(async () => {
  server = await startTestServer({
    live: { maxPerToken: 2, maxTotal: 3 },
    logger: { level: 'warn', stream: logStream },
  });
  const admin = await server.as('admin');
  await admin.record('one', baseline());
  for (const name of ['a', 'b', 'c']) tokens.push(await server.createToken('viewer', name));
});
afterAll(() => server.stop());

/** Opens a live socket; resolves with its first frame, or with the close code and reason if closed first. */
const connect = (token: string) =>
  new Promise<{ socket: WebSocket; first?: unknown; closed?: { code: number; reason: string } }>((resolve, reject) => {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/api/programmes/one/live?after=0`, {
      headers: { authorization: `Bearer ${token}` },
    });
    socket.once('message', (data: Buffer) => resolve({ socket, first: JSON.parse(data.toString()) as unknown }));
    socket.once('close', (code, reason) => resolve({ socket, closed: { code, reason: reason.toString() } }));
    socket.once('error', reject);
  });

it('holds at most N live connections per token and M in all: the next gets 4029 and a log line', async () => {
  const [a, b, c] = tokens as [string, string, string];
  const a1 = await connect(a);
  const a2 = await connect(a);
  expect([a1.closed, a2.closed]).toEqual([undefined, undefined]);
  const a3 = await connect(a);
  expect(a3.closed).toEqual({ code: 4029, reason: expect.stringMatching(/this token holds 2 live connections/) });
  const b1 = await connect(b);
  expect(b1.closed).toBeUndefined();
  const c1 = await connect(c);
  expect(c1.closed).toEqual({ code: 4029, reason: expect.stringMatching(/the server holds 3 live connections/) });
  expect(warnings.filter((w) => w.msg.startsWith('live connection refused (close 4029)')).map((w) => w.limit)).toEqual([
    'per-token',
    'total',
  ]);
  // A connection that ends gives its place back.
  await new Promise((resolve) => {
    a1.socket.once('close', resolve);
    a1.socket.close();
  });
  for (let i = 0; i < 50 && server.hub.size > 2; i++) await new Promise((r) => setTimeout(r, 10));
  const again = await connect(a);
  expect(again.closed).toBeUndefined();
  for (const s of [a2, b1, again]) s.socket.close();
});
