import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { chainHash, GENESIS_HASH, rowOfEnvelope } from '@steerlog/store';
import fc from 'fast-check';
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Json, Reply, ServerProcess } from './harness.js';
import {
  client,
  createTokens,
  pool,
  problemFaults,
  request,
  resetAgents,
  spawnServer,
  summary,
  tempDir,
} from './harness.js';

/**
 * Part 9, hostile input against integrity (issue 19): more than 10,000 requests aimed at what
 * used to answer 500 or let a forgery in: static-file paths that climb out of the web root,
 * Range and conditional headers on static files, receipts, Idempotency-Keys of every length,
 * imports re-chained after an edit, HTTP the parser cannot read, and live clients past the
 * head. None may get a 5xx; every refusal is a problem document; the forged imports leave the
 * empty store empty, and the other store only gains what was signed.
 */

const SEED = Number(process.env['RELIABILITY_SEED'] ?? 20_261_201);
const IN_FLIGHT = 20;
const P = 'integrity';
const STATIC = 6_500;
const RECEIPTS = 2_000;
const KEYS = 1_500;
const FORGED = 300;
const RAW = 120;

const dir = tempDir('integrity');
let server: ServerProcess;
let empty: ServerProcess;
let tokens: Awaited<ReturnType<typeof createTokens<'coordinator' | 'auditor' | 'admin'>>>;
let emptyAdmin: string;
let exported: Json[] = [];
const figures: Record<string, number> = {};
let fives = 0;
const faults: string[] = [];

beforeAll(async () => {
  const dbPath = dir.path('integrity.db');
  tokens = await createTokens(dbPath, {
    coordinator: { role: 'coordinator' },
    auditor: { role: 'auditor' },
    admin: { role: 'admin' },
  });
  server = await spawnServer({ dbPath });
  const emptyPath = dir.path('empty.db');
  emptyAdmin = (await createTokens(emptyPath, { admin: { role: 'admin' } })).admin.token;
  empty = await spawnServer({ dbPath: emptyPath });
  const c = client(() => server.url, tokens.coordinator.token);
  for (const command of [
    { type: 'LaunchProgramme', data: { name: 'Integrity' } },
    { type: 'AddPartner', data: { partnerId: 'acme', name: 'Acme', sector: 'nhs', lead: 'Ada Lead' } },
    { type: 'CreateWorkstream', data: { workstreamId: 'ws1', name: 'W', leadPartnerId: 'acme' } },
    {
      type: 'AllocateFunding',
      data: { allocationId: 'a1', source: 'HO', amountPence: 1000, financialYear: '2024/25' },
    },
    { type: 'RaiseRisk', data: { riskId: 'r1', title: 'Risk', likelihood: 2, impact: 2 } },
    { type: 'ChangeRag', data: { subject: { kind: 'programme' }, rag: 'red', reason: 'Late' } },
    { type: 'ChangeRag', data: { subject: { kind: 'programme' }, rag: 'amber', reason: 'Better' } },
    { type: 'OpenMeeting', data: { meetingId: 'm1', title: 'SG', attendees: ['acme'] } },
    { type: 'RecordDecision', data: { decisionId: 'd1', summary: 'Go' } },
    { type: 'CloseMeeting', data: { meetingId: 'm1' } },
  ]) {
    const res = await c.command(P, command);
    expect(res.status, res.text).toBe(201);
  }
  // The CloseMeeting above is signed after its commit: wait for that checkpoint before exporting.
  const auditor = client(() => server.url, tokens.auditor.token);
  for (let i = 0; i < 200; i++) {
    const list = (await auditor.get('/api/audit/checkpoints')).body as Json[];
    if (list.some((c) => c.position === 10)) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const text = (await auditor.get('/api/export')).text;
  exported = text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
}, 120_000);

afterAll(async () => {
  await server?.kill('SIGTERM');
  await empty?.kill('SIGTERM');
  resetAgents();
  dir.remove();
});

/** Counts a 5xx, and any refusal that is not a problem document, as faults. */
const judge = (label: string, res: Reply, allowed: (status: number) => boolean = () => true) => {
  if (res.status >= 500) fives++;
  const problems = res.status >= 400 ? problemFaults(res) : [];
  if (!allowed(res.status)) problems.push(`status ${res.status}`);
  if (problems.length) faults.push(`${label}: ${problems.join('; ')}: ${res.text.slice(0, 160)}`);
};

const rng = (n: number) => fc.sample(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { seed: SEED + n, numRuns: 1 })[0]!;

it('answers static-file attacks (paths, Range, conditionals) with 2xx/3xx or 4xx problem documents', async () => {
  const segment = fc.constantFrom(
    '..',
    '%2e%2e',
    '%2E%2e',
    '.%2e',
    '.',
    '%2e',
    'etc',
    'passwd',
    'assets',
    'index.html',
    'favicon.svg',
    '%00',
    '%2f',
    '..%2f',
    '..%5c',
    '%5c',
    '.env',
    '.git',
    '~root',
    '%252e%252e',
    '%c0%ae%c0%ae',
    'display',
    'p',
  );
  const header = fc.oneof(
    fc.record({
      range: fc.oneof(
        fc.tuple(fc.nat(2_000_000), fc.nat(2_000_000)).map(([a, b]) => `bytes=${a}-${b}`),
        fc.nat(2_000_000).map((a) => `bytes=${a}-`),
        fc.nat(2_000_000).map((a) => `bytes=-${a}`),
        fc.constantFrom('bytes=', 'bytes=a-b', 'items=0-1', 'bytes=0-1,2-3,4-5', 'bytes=5-1', 'bytes=--1'),
      ),
    }),
    fc.record({ 'if-match': fc.constantFrom('"x"', '*', 'W/"x"', '', '"', ',,,') }),
    fc.record({ 'if-none-match': fc.constantFrom('"x"', '*', 'W/"x"', '""') }),
    fc.record({
      'if-unmodified-since': fc.constantFrom(
        'Mon, 01 Jan 1990 00:00:00 GMT',
        'yesterday',
        '0',
        'Thu, 01 Jan 2099 00:00:00 GMT',
      ),
    }),
    fc.record({ 'if-modified-since': fc.constantFrom('Thu, 01 Jan 2099 00:00:00 GMT', 'nonsense') }),
    fc.record({ 'if-range': fc.constantFrom('"x"', 'Mon, 01 Jan 1990 00:00:00 GMT'), range: fc.constant('bytes=0-3') }),
    fc.constant({}),
  );
  const cases = fc.sample(fc.tuple(fc.array(segment, { minLength: 1, maxLength: 7 }), header), {
    seed: rng(1),
    numRuns: STATIC,
  });
  const statuses = new Map<number, number>();
  await pool(
    IN_FLIGHT,
    cases.map(([segments, headers]) => async () => {
      const path = `/${segments.join('/')}`;
      const res = await request(server.url, 'GET', path, { headers: headers });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      judge(`static ${path} ${JSON.stringify(headers)}`, res);
      // Nothing outside the web root is ever served.
      if (/root:|\[core\]|"name": "steerlog"/.test(res.text))
        faults.push(`static ${path}: served a file outside the web root`);
    }),
  );
  figures['static'] = cases.length;
  for (const [status, n] of statuses) figures[`static${status}`] = n;
  expect(faults).toEqual([]);
});

it('answers receipts of every shape: 200 with a verdict, or 400', async () => {
  const events = exported.filter((l) => l.kind === undefined);
  const hex = fc.stringMatching(/^[0-9a-f]{64}$/);
  const receipt = fc.oneof(
    fc.constantFrom(...events.map((e) => `${e.position}:${e.hash}`)),
    fc.tuple(fc.integer({ min: 1, max: 10_000 }), hex).map(([p, h]) => `${p}:${h}`),
    fc.string({ maxLength: 80 }),
    fc.constantFrom(
      '0:',
      ':',
      '1:ABC',
      `-1:${'a'.repeat(64)}`,
      `1e3:${'a'.repeat(64)}`,
      `99999999999999999999:${'a'.repeat(64)}`,
    ),
  );
  const verdicts = new Map<string, number>();
  const cases = fc.sample(receipt, { seed: rng(2), numRuns: RECEIPTS });
  await pool(
    IN_FLIGHT,
    cases.map((r) => async () => {
      const res = await request(server.url, 'GET', `/api/audit/verify?receipt=${encodeURIComponent(r)}`, {
        token: tokens.auditor.token,
      });
      judge(`receipt ${r}`, res, (s) => s === 200 || s === 400);
      const verdict = res.status === 200 ? String(res.body.receipt) : String(res.status);
      verdicts.set(verdict, (verdicts.get(verdict) ?? 0) + 1);
    }),
  );
  figures['receipts'] = cases.length;
  for (const [v, n] of verdicts) figures[`receipt_${v}`] = n;
  expect(verdicts.get('matches') ?? 0).toBeGreaterThan(0);
  expect(faults).toEqual([]);
});

it('reports bad Idempotency-Keys as invalid headers, never 5xx, and appends nothing', async () => {
  const key = fc
    .tuple(fc.integer({ min: 0, max: 400 }), fc.constantFrom(...'abcXYZ-_:/.~019'.split('')))
    .map(([n, c]) => c.repeat(n));
  const cases = fc.sample(key, { seed: rng(3), numRuns: KEYS });
  let invalidHeader = 0;
  await pool(
    IN_FLIGHT,
    cases.map((k) => async () => {
      // A valid command at a version the programme is not at: whatever the key, nothing is appended.
      const res = await request(server.url, 'POST', `/api/programmes/${P}/commands`, {
        token: tokens.coordinator.token,
        json: { type: 'RaiseRisk', data: { title: 'Never', likelihood: 1, impact: 1 }, expectedVersion: 1 },
        headers: { 'idempotency-key': k },
      });
      judge(`idempotency-key of ${k.length}`, res, (s) => s === 400 || s === 409);
      if (res.body?.code === 'invalid_header') invalidHeader++;
      if ((k.length > 200 || k.length === 0) !== (res.body?.code === 'invalid_header'))
        faults.push(`a key of ${k.length} characters was not reported as invalid_header: ${res.body?.code}`);
    }),
  );
  figures['idempotencyKeys'] = cases.length;
  figures['invalidHeader'] = invalidHeader;
  expect(faults).toEqual([]);
});

/** Re-chains events as an attacker who can recompute hashes would (positions and versions too). */
const rechain = (events: Json[], rest: Json[]) => {
  const versions = new Map<string, number>();
  let previous = GENESIS_HASH;
  const out = events.map((e: Json, i: number) => {
    const version = (versions.get(e.programmeId) ?? 0) + 1;
    versions.set(e.programmeId, version);
    previous = chainHash(previous, rowOfEnvelope({ ...e, position: i + 1, version }));
    return { ...e, position: i + 1, version, hash: previous };
  });
  return [...out, ...rest].map((l) => JSON.stringify(l)).join('\n') + '\n';
};

it('refuses every forged import (re-chained, so only the domain and the checkpoints can tell), leaving the store empty', async () => {
  const events = exported.filter((l) => l.kind === undefined);
  const rest = exported.filter((l) => l.kind !== undefined);
  const forgeries: ((es: Json[], r: Json[], n: number) => void)[] = [
    (es) => void es.shift(),
    (es, _r, n) =>
      void (es[1 + (n % (es.length - 1))].occurredAt = [
        'yesterday',
        '2024-02-30T00:00:00.000Z',
        '',
        '2999-01-01T00:00:00.000Z',
      ][n % 4]),
    (es, _r, n) => void es.splice(1 + (n % (es.length - 1)), 0, { ...es[0], id: crypto.randomUUID() }),
    (es) =>
      void es.push({
        ...es.at(-1),
        id: crypto.randomUUID(),
        type: 'EventRetracted',
        data: { eventId: crypto.randomUUID(), retractedType: 'RiskRaised', reason: 'x' },
      }),
    (es) => void (es.find((e) => e.type === 'AllocateFunding' || e.type === 'FundingAllocated').data.amountPence *= 10),
    (es) => void (es.find((e) => e.type === 'RagChanged' && e.data.previous !== null).data.previous = 'green'),
    (es) => void (es.find((e) => e.type === 'WorkstreamCreated').data.leadPartnerId = 'nobody'),
    (es) =>
      void (es.find((e) => e.type === 'DecisionRecorded').meta = {
        ...es.find((e) => e.type === 'DecisionRecorded').meta,
        meetingId: undefined,
      }),
    (es, _r, n) => void (es[n % es.length].id = 'not-a-uuid'),
    (es, _r, n) => void (es[n % es.length].recordedAt = '2024-13-01T00:00:00.000Z'),
  ];
  const plain = forgeries.length;
  const statuses = new Map<number, number>();
  for (let n = 0; n < FORGED; n++) {
    const es = structuredClone(events);
    const r = structuredClone(rest);
    forgeries[n % plain]!(es, r, n);
    // Half keep the checkpoint lines (caught by the signature over the old hash), half strip them;
    // a tenfold allocation breaks no domain rule, so only its checkpoint can catch it.
    const keep = n % 2 === 0 || n % plain === 4;
    const body = rechain(es, keep ? r : r.filter((l: Json) => l.kind !== 'checkpoint'));
    const res = await request(empty.url, 'POST', '/api/import', {
      token: emptyAdmin,
      raw: body,
      headers: { 'content-type': 'application/x-ndjson' },
    });
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    judge(`forged import ${n % plain}`, res, (s) => s === 400);
  }
  // An edit that the domain allows (a risk's title) is still caught, by the signed checkpoint kept in the file.
  const es = structuredClone(events);
  es.find((e: Json) => e.type === 'RiskRaised').data.title = 'Retitled';
  const signed = await request(empty.url, 'POST', '/api/import', {
    token: emptyAdmin,
    raw: rechain(es, rest),
    headers: { 'content-type': 'application/x-ndjson' },
  });
  judge('forged import with a checkpoint', signed, (s) => s === 400);
  expect(signed.body?.detail).toMatch(/does not match the chain/);
  const ready = await request(empty.url, 'GET', '/readyz');
  expect(ready.body.head).toBe(0);
  // Into a store that is not empty: 409 before a byte is read.
  const full = await request(server.url, 'POST', '/api/import', {
    token: tokens.admin.token,
    raw: 'x'.repeat(100_000),
    headers: { 'content-type': 'application/x-ndjson' },
  });
  judge('import into a full store', full, (s) => s === 409);
  figures['forgedImports'] = FORGED + 1;
  for (const [s, n] of statuses) figures[`forged${s}`] = n;
  expect(faults).toEqual([]);
});

/** Bytes the HTTP parser cannot read, straight onto the socket. */
const raw = (text: string) =>
  new Promise<{ status: number; contentType: string; body: string }>((resolve) => {
    const socket = net.connect(server.port, '127.0.0.1', () => socket.write(text));
    let out = '';
    socket.on('data', (d: Buffer) => (out += d.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const [head = '', body = ''] = out.split('\r\n\r\n');
      resolve({
        status: Number(head.split(' ')[1] ?? 0),
        contentType: /content-type: ([^\r\n]+)/i.exec(head)?.[1] ?? '',
        body,
      });
    });
    setTimeout(() => socket.destroy(), 2000);
  });

it("answers what Node's parser refuses (400/431) as problem documents", async () => {
  const templates = [
    () => `GET / HTTP/1.1\r\nHo\0st: x\r\n\r\n`,
    () => `POST /api/import HTTP/1.1\r\nHost: x\r\nContent-Length: ${randomBytes(2).toString('hex')}z\r\n\r\n`,
    () => `GET / HTTP/1.1\r\nHost: x\r\nX: ${'a'.repeat(17_000 + Math.floor(Math.random() * 5000))}\r\n\r\n`,
    () => `${randomBytes(8).toString('hex')}\r\n\r\n`,
    () => `GET / HTTP/9.9\r\n\r\n`,
    () => `GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n`,
  ];
  const statuses = new Map<number, number>();
  for (let n = 0; n < RAW; n++) {
    const res = await raw(templates[n % templates.length]!());
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    if (res.status >= 500) fives++;
    if (res.status < 400 || !res.contentType.startsWith('application/problem+json'))
      faults.push(`raw ${n % templates.length}: ${res.status} ${res.contentType} ${res.body.slice(0, 100)}`);
  }
  figures['rawHttp'] = RAW;
  for (const [s, n] of statuses) figures[`raw${s}`] = n;
  expect(faults).toEqual([]);
});

it('resets a live client whose position is past the head, then sends the log from 0', async () => {
  const head = (await request(server.url, 'GET', '/readyz')).body.head as number;
  const frames = await new Promise<Json[]>((resolve, reject) => {
    const seen: Json[] = [];
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/api/programmes/${P}/live?after=${head + 50}`, {
      headers: { authorization: `Bearer ${tokens.coordinator.token}` },
    });
    socket.on('message', (m: Buffer) => {
      const frame = JSON.parse(m.toString());
      seen.push(frame);
      if (frame.kind === 'heartbeat') {
        socket.close();
        resolve(seen);
      }
    });
    socket.on('error', reject);
  });
  expect(frames[0]).toEqual({ kind: 'reset', head });
  expect(frames.filter((f) => f.kind === 'event')).toHaveLength(head);
  figures['liveResets'] = 1;
});

it('is still up, signed, unchanged, and logged no error for a client mistake', async () => {
  expect(server.child.exitCode).toBeNull();
  const verified = await request(server.url, 'GET', '/api/audit/verify', { token: tokens.auditor.token });
  expect(verified.body).toMatchObject({ ok: true, checked: 10, checkpoints: { ok: true } });
  const errors = [...server.output().split('\n'), ...empty.output().split('\n')].filter((l) =>
    /"level":(50|60)/.test(l),
  );
  expect(errors).toEqual([]);
  const tried = Object.entries(figures)
    .filter(([k]) => ['static', 'receipts', 'idempotencyKeys', 'forgedImports', 'rawHttp', 'liveResets'].includes(k))
    .reduce((n, [, v]) => n + v, 0);
  expect(tried).toBeGreaterThanOrEqual(10_000);
  summary('integrity hostile', { tried, fiveXx: fives, faults: faults.length, ...figures, seed: SEED });
  expect(fives).toBe(0);
});
