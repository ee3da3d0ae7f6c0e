import { existsSync } from 'node:fs';
import net from 'node:net';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { baseline } from '@steerlog/domain/testing';
import { onPostgres, refuseWrites } from '@steerlog/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, Reply, TestServer } from './http.js';
import { expectProblem, startTestServer } from './http.js';

const webRoot = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Every log line the server writes, parsed, so a test can ask whether an error was logged. */
const logLines: { level: number; msg?: string }[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n'))
      if (line.trim() !== '') logLines.push(JSON.parse(line) as { level: number; msg?: string });
    done();
  },
});
const errorsLogged = () => logLines.filter((l) => l.level >= 50);

/** A raw request over TCP: what a client that does not speak HTTP properly sends. */
const raw = (port: number, text: string) =>
  new Promise<{ status: number; contentType: string; body: string }>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let out = '';
    socket.on('data', (d: Buffer) => (out += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = out.split('\r\n\r\n');
      resolve({
        status: Number(head.split(' ')[1]),
        contentType: /content-type: ([^\r\n]+)/i.exec(head)?.[1] ?? '',
        body,
      });
    });
  });

let server: TestServer;
let coordinator: Client;
beforeAll(async () => {
  server = await startTestServer({
    webRoot: existsSync(webRoot) ? webRoot : undefined,
    logger: { level: 'info', stream: logStream },
  });
  coordinator = await server.as('coordinator');
  await coordinator.record('one', baseline());
});
afterAll(() => server.stop());

const get = (path: string, headers: Record<string, string> = {}): Promise<Reply> =>
  coordinator.request('GET', path, { headers, token: null });

describe.skipIf(!existsSync(webRoot))('static files', () => {
  it.each([
    ['/assets/..%2f..%2fpackage.json', {}, 400, 'invalid_path'],
    ['/.env', {}, 404, 'not_found'],
    ['/index.html', { range: 'bytes=999999-' }, 416, 'range_not_satisfiable'],
    ['/favicon.svg', { 'if-match': '"not-the-etag"' }, 412, 'precondition_failed'],
    ['/favicon.svg', { 'if-unmodified-since': 'Mon, 01 Jan 1990 00:00:00 GMT' }, 412, 'precondition_failed'],
  ] as const)('%s %j: %i %s, and nothing logged as an error', async (path, headers, status, code) => {
    const before = errorsLogged().length;
    expectProblem(await get(path, headers), status, code);
    expect(errorsLogged().slice(before)).toEqual([]);
  });

  it('refuses /%2e%2e/%2e%2e/etc/passwd sent as is (fetch would normalise it) with 400, logging no error', async () => {
    const before = errorsLogged().length;
    const res = await raw(
      server.port,
      'GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    expect(res.status).toBe(400);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'invalid_path' });
    expect(res.body).not.toContain('root:');
    expect(errorsLogged().slice(before)).toEqual([]);
  });

  it('still serves the files and a satisfiable range', async () => {
    expect((await get('/index.html')).status).toBe(200);
    expect((await get('/favicon.svg', { range: 'bytes=0-9' })).status).toBe(206);
  });
});

describe("Node's own client errors", () => {
  it.each([
    ['a NUL in a header name', 'GET / HTTP/1.1\r\nHo\0st: x\r\n\r\n', 400],
    [
      'a Content-Length that is not a number',
      'POST /api/import HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
      400,
    ],
    ['headers over 16 KiB', `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
    ['not HTTP at all', 'HELLO THERE\r\n\r\n', 400],
  ])('%s: a problem document', async (_, text, status) => {
    const res = await raw(server.port, text);
    expect(res.status).toBe(status);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(res.body)).toMatchObject({ status, code: expect.any(String) });
  });
});

it('reports an Idempotency-Key that is too long as an invalid header', async () => {
  const res = await coordinator.command(
    'one',
    { type: 'RaiseRisk', data: { title: 'Risk', likelihood: 1, impact: 1 } },
    { 'idempotency-key': 'k'.repeat(201) },
  );
  expectProblem(res, 400, 'invalid_header');
  expect(res.body.errors).toEqual([expect.objectContaining({ path: 'idempotency-key' })]);
});

describe.skipIf(onPostgres)('a database that refuses writes', () => {
  it('answers writes 503 (not 500), /readyz 503 with the reason, and recovers once writable', async () => {
    const risk = { type: 'RaiseRisk', data: { title: 'Risk', likelihood: 1, impact: 1 } };
    const head = server.store.headPosition;
    // SQLite's own switch: every write on this connection now fails with SQLITE_READONLY, as on a read-only file.
    await refuseWrites(server.store, true);
    try {
      const before = errorsLogged().length;
      expectProblem(await coordinator.command('one', risk), 503, 'store_read_only');
      expect(errorsLogged().slice(before)).toEqual([]);
      const ready = await coordinator.get('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body.reason).toMatch(/read-only: .*SQLITE_READONLY/);
      expect(server.store.headPosition).toBe(head);
    } finally {
      await refuseWrites(server.store, false);
    }
    expect((await coordinator.command('one', risk)).status).toBe(201);
    expect((await coordinator.get('/readyz')).status).toBe(200);
  });
});
