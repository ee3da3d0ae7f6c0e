import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { startServer } from '@steerlog/server';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  client,
  createTokens,
  repoRoot,
  request,
  resetAgents,
  settledReadiness,
  spawnServer,
  summary,
  tempDir,
} from './harness.js';

/**
 * Part 4, tampering: single bytes of stored events (payload, type, times, actor, meta, hash) are
 * changed in the SQLite file while the server is stopped. `GET /api/audit/verify` must name the
 * first bad position every time, and the server must say so at start, in `/readyz`.
 */

const IN_PROCESS_TRIALS = 350;
const PROCESS_TRIALS = 8;
const PAIR_TRIALS = 12;
const SEED = Number(process.env['RELIABILITY_SEED'] ?? 4242);

const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const random = prng(SEED);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;

const dir = tempDir('tamper');
const pristine = dir.path('pristine.db');
let auditor: string;

type Row = {
  position: number;
  id: string;
  type: string;
  occurred_at: string;
  recorded_at: string;
  actor: string;
  data: string;
  meta: string;
  hash: string;
};
/** Where each stored column of each event sits in the file. */
type Located = {
  position: number;
  columns: Record<
    'type' | 'occurred_at' | 'recorded_at' | 'actor' | 'data' | 'meta' | 'hash',
    { offset: number; length: number }
  >;
};
let located: Located[] = [];
let fileBytes: Buffer;

const indexOfOnce = (haystack: Buffer, needle: Buffer, what: string) => {
  const at = haystack.indexOf(needle);
  expect(at, `${what} not found in the file`).toBeGreaterThanOrEqual(0);
  expect(haystack.indexOf(needle, at + 1), `${what} found twice in the file`).toBe(-1);
  return at;
};

beforeAll(async () => {
  const tokens = await createTokens(pristine, { coordinator: { role: 'coordinator' }, auditor: { role: 'auditor' } });
  auditor = tokens.auditor.token;
  const server = await startServer({ dbPath: pristine, port: 0, host: '127.0.0.1' });
  const c = client(() => server.url, tokens.coordinator.token);
  const history: unknown[] = [
    { type: 'LaunchProgramme', data: { name: 'Tamper', ambition: 'Keep the record straight' } },
    {
      type: 'AddPartner',
      data: { partnerId: 'council', name: 'Council', sector: 'local-authority', lead: 'Dana Lead' },
    },
    { type: 'AddPartner', data: { partnerId: 'police', name: 'Police', sector: 'police' } },
    { type: 'CreateWorkstream', data: { workstreamId: 'ws', name: 'Safety', leadPartnerId: 'council' } },
    {
      type: 'AddMilestone',
      data: { milestoneId: 'm1', workstreamId: 'ws', title: 'Plan', dueOn: '2024-04-01' },
      occurredAt: '2024-01-10',
    },
    {
      type: 'AllocateFunding',
      data: { allocationId: 'a1', source: 'Home Office', amountPence: 500_000, financialYear: '2024/25' },
    },
    { type: 'RecordSpend', data: { allocationId: 'a1', amountPence: 1_250, spentOn: '2024-05-02' } },
    { type: 'AppointChampion', data: { championId: 'ch1', partnerId: 'police', name: 'Eli Champion' } },
    { type: 'ChangeRag', data: { subject: { kind: 'programme' }, rag: 'amber', reason: 'Slow start' } },
  ];
  for (let i = 0; i < 5; i++)
    history.push(
      { type: 'RaiseRisk', data: { riskId: `r${i}`, title: `Risk ${i}`, likelihood: 1 + (i % 5), impact: 2 } },
      {
        type: 'RecordDecision',
        data: { decisionId: `d${i}`, summary: `Decision ${i}`, alternativesRejected: ['Wait'] },
      },
      {
        type: 'SubmitHighlightReport',
        data: {
          partnerId: 'council',
          lead: 'Dana Lead',
          summary: `Week ${i}`,
          successes: ['x'],
          challenges: [],
          upcoming: [],
        },
      },
    );
  for (const command of history) expect((await c.command('tamper', command)).status).toBe(201);
  const retracted = (await c.get('/api/programmes/tamper/events?after=6&limit=1')).body.events[0].id as string;
  expect(
    (await c.command('tamper', { type: 'RetractEvent', data: { eventId: retracted, reason: 'Entered twice' } })).status,
  ).toBe(201);
  await server.close();
  resetAgents();
  // A clean close checkpoints the WAL into the main file, which is what gets edited below.
  expect(!existsSync(`${pristine}-wal`) || statSync(`${pristine}-wal`).size === 0).toBe(true);

  // VACUUM with secure_delete rewrites the file with no free pages and no stale copies of cells,
  // so the only copy of each row is the live one (rollback-journal mode truncates the file at
  // once; the server turns WAL back on when it opens it).
  const db = new Database(pristine);
  db.pragma('journal_mode = DELETE');
  db.pragma('secure_delete = ON');
  db.exec('VACUUM');
  const rows = db.prepare('SELECT * FROM events ORDER BY position').all() as Row[];
  db.close();
  fileBytes = readFileSync(pristine);
  located = rows.map((r) => {
    // A record stores its columns back to back: occurred_at … hash is one run of bytes, and the
    // type follows the event id. Each run is unique in the file (it holds a uuid or a hash).
    const tail = ['occurred_at', 'recorded_at', 'actor', 'data', 'meta', 'hash'] as const;
    const start = indexOfOnce(fileBytes, Buffer.from(tail.map((k) => r[k]).join('')), `event ${r.position}`);
    const columns = {} as Located['columns'];
    let offset = start;
    for (const k of tail) {
      const length = Buffer.byteLength(r[k]);
      columns[k] = { offset, length };
      offset += length;
    }
    const idAt = indexOfOnce(fileBytes, Buffer.from(r.id + r.type), `id and type of ${r.position}`);
    columns.type = { offset: idAt + r.id.length, length: r.type.length };
    return { position: Number(r.position), columns };
  });
});

afterAll(() => dir.remove());

const hex = '0123456789abcdef';
/** One byte of one column of one event, changed to another byte of the same kind (hex stays hex). */
const tamper = (bytes: Buffer, target: Located, column: keyof Located['columns']) => {
  const { offset, length } = target.columns[column];
  const at = offset + Math.floor(random() * length);
  const was = String.fromCharCode(bytes[at]!);
  const alphabet = column === 'hash' ? hex : 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-:.{}"';
  let now = was;
  while (now === was) now = pick([...alphabet]);
  bytes[at] = now.charCodeAt(0);
  return { at, was, now };
};

const columns = ['data', 'type', 'occurred_at', 'recorded_at', 'hash', 'actor', 'meta'] as const;

/** Copies the pristine file, applies `edit`, and returns the trial file's path. */
let trialNo = 0;
const trialFile = (edit: (bytes: Buffer) => void) => {
  const path = dir.path(`trial-${++trialNo}.db`);
  const bytes = Buffer.from(fileBytes);
  edit(bytes);
  writeFileSync(path, bytes);
  return path;
};

/** What a freshly started in-process server says about a file: `/readyz` at start, then `/api/audit/verify`. */
const inProcessVerdict = async (dbPath: string) => {
  const server = await startServer({ dbPath, port: 0, host: '127.0.0.1' });
  try {
    const ready = await settledReadiness(server.url);
    const verified = await request(server.url, 'GET', '/api/audit/verify', { token: auditor });
    const { ok, firstBadPosition, checked } = verified.body as Record<string, unknown>;
    return { ready, verified: { ok, firstBadPosition, checked } };
  } finally {
    await server.close();
    resetAgents();
  }
};

const figures: Record<string, number> = {};
const byColumn: Record<string, number> = {};

it(`names the first bad position for ${IN_PROCESS_TRIALS} single-byte edits, at start and on demand`, async () => {
  const misses: string[] = [];
  for (let i = 0; i < IN_PROCESS_TRIALS; i++) {
    const target = pick(located);
    const column = columns[i % columns.length]!;
    let change = { at: 0, was: '', now: '' };
    const path = trialFile((bytes) => (change = tamper(bytes, target, column)));
    const { ready, verified } = await inProcessVerdict(path);
    byColumn[column] = (byColumn[column] ?? 0) + 1;
    const expected = { ok: false, firstBadPosition: target.position, checked: target.position };
    if (ready.status !== 503 || ready.body?.verify?.firstBadPosition !== target.position)
      misses.push(
        `readyz after ${column} of ${target.position} ${change.was}→${change.now}: ${ready.status} ${ready.text}`,
      );
    if (JSON.stringify(verified) !== JSON.stringify(expected))
      misses.push(
        `verify after ${column} of ${target.position} ${change.was}→${change.now}: ${JSON.stringify(verified)}`,
      );
  }
  figures['singleByteTrials'] = IN_PROCESS_TRIALS;
  figures['singleByteMissed'] = misses.length;
  expect(misses).toEqual([]);
});

it(`names the earlier of two edited events, ${PAIR_TRIALS} times`, async () => {
  const misses: string[] = [];
  for (let i = 0; i < PAIR_TRIALS; i++) {
    const a = pick(located);
    const b = pick(located.filter((l) => l.position !== a.position));
    const path = trialFile((bytes) => {
      tamper(bytes, a, pick(columns));
      tamper(bytes, b, pick(columns));
    });
    const { ready, verified } = await inProcessVerdict(path);
    const first = Math.min(a.position, b.position);
    if (ready.body?.verify?.firstBadPosition !== first || verified.firstBadPosition !== first)
      misses.push(`${a.position}+${b.position}: ${ready.text} / ${JSON.stringify(verified)}`);
  }
  figures['pairTrials'] = PAIR_TRIALS;
  figures['pairMissed'] = misses.length;
  expect(misses).toEqual([]);
});

it('names a deleted event in the middle of the log', async () => {
  const victim = located[Math.floor(located.length / 2)]!.position;
  const path = dir.path('deleted.db');
  copyFileSync(pristine, path);
  const db = new Database(path);
  db.prepare('DELETE FROM events WHERE position = ?').run(victim);
  db.close();
  const { ready, verified } = await inProcessVerdict(path);
  expect(ready.status).toBe(503);
  expect(verified).toMatchObject({ ok: false, firstBadPosition: victim });
  figures['deletedMiddle'] = 1;
});

it(`reports it from the real server process (${PROCESS_TRIALS} trials) and the CLI`, async () => {
  const misses: string[] = [];
  for (let i = 0; i < PROCESS_TRIALS; i++) {
    const target = pick(located);
    const column = pick(['data', 'type', 'occurred_at', 'hash'] as const);
    const path = trialFile((bytes) => tamper(bytes, target, column));
    const server = await spawnServer({ dbPath: path, env: { LOG_LEVEL: 'error' } });
    try {
      const ready = await settledReadiness(server.url);
      const verified = await request(server.url, 'GET', '/api/audit/verify', { token: auditor });
      if (ready.status !== 503 || ready.body.verify.firstBadPosition !== target.position)
        misses.push(`process readyz ${column} of ${target.position}: ${ready.text}`);
      if (verified.body.firstBadPosition !== target.position) misses.push(`process verify: ${verified.text}`);
      // The server says so in its log at start, at error level.
      if (!new RegExp(`"firstBadPosition":${target.position}`).test(server.output()))
        misses.push(`no log line for ${target.position}`);
    } finally {
      await server.kill('SIGTERM');
      resetAgents();
    }
  }
  const target = pick(located);
  const path = trialFile((bytes) => tamper(bytes, target, 'data'));
  const cli = await promisify(execFile)(
    process.execPath,
    ['--conditions=@steerlog/source', '--import', 'tsx', 'apps/cli/src/main.ts', 'verify'],
    {
      cwd: repoRoot,
      env: { PATH: process.env['PATH'] ?? '', STEERLOG_DB: path },
    },
  ).then(
    () => ({ code: 0, stdout: '' }),
    (e: { code: number; stdout: string }) => e,
  );
  expect(cli.code).toBe(3);
  expect(JSON.parse(cli.stdout.trim().split('\n').at(-1)!)).toMatchObject({
    ok: false,
    firstBadPosition: target.position,
  });
  figures['processTrials'] = PROCESS_TRIALS;
  figures['processMissed'] = misses.length;
  figures['cliTrials'] = 1;
  expect(misses).toEqual([]);
});

it('leaves the untouched file verifying ok', async () => {
  const { ready, verified } = await inProcessVerdict(trialFile(() => {}));
  expect(ready.status).toBe(200);
  expect(verified).toEqual({ ok: true, checked: located.length });
  const tried = (figures['singleByteTrials'] ?? 0) + (figures['pairTrials'] ?? 0) + (figures['processTrials'] ?? 0) + 2;
  const missed = (figures['singleByteMissed'] ?? 0) + (figures['pairMissed'] ?? 0) + (figures['processMissed'] ?? 0);
  summary('tampering', {
    tried,
    events: located.length,
    ...figures,
    ...Object.fromEntries(Object.entries(byColumn).map(([k, v]) => [`column_${k}`, v])),
    missed,
    letIn: missed,
    seed: SEED,
  });
});
