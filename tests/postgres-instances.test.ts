import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgres, Store, Tokens } from '@steerlog/store';
import { createTestDatabase, modelsAndFold, testDatabaseUrl } from '@steerlog/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

const root = new URL('..', import.meta.url).pathname;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/** The signing key every instance shares, and their side files, outside the repository. */
const integrityDir = mkdtempSync(join(tmpdir(), 'steerlog-pg-instances-'));
process.on('exit', () => rmSync(integrityDir, { recursive: true, force: true }));
let instances = 0;

/** A server process of its own (main.ts), as an operator would run each instance. */
const startInstance = async (databaseUrl: string) => {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--conditions=@steerlog/source', '--import', 'tsx', 'apps/server/src/main.ts'],
    {
      cwd: root,
      env: {
        ...process.env,
        STEERLOG_DATABASE_URL: databaseUrl,
        STEERLOG_SIGNING_KEY: join(integrityDir, 'signing-key.pem'),
        STEERLOG_CHECKPOINT_FILE: join(integrityDir, `checkpoints-${++instances}.ndjson`),
        STEERLOG_DEMO: '0',
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, url, port };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('instance did not start');
};

type Frame =
  | { kind: 'event'; event: { position: number; version: number; programmeId: string } }
  | { kind: 'heartbeat'; position: number };

describe.skipIf(!testDatabaseUrl)('three server processes on one PostgreSQL database', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const children: ChildProcess[] = [];
  let instances: Awaited<ReturnType<typeof startInstance>>[] = [];
  let token = '';

  beforeAll(async () => {
    database = await createTestDatabase();
    const store = await Store.open(openPostgres(database.url));
    token = (await new Tokens(store.kysely).create({ role: 'coordinator', name: 'three-instances' })).token;
    await store.close();
    instances = await Promise.all([0, 1, 2].map(() => startInstance(database.url)));
    children.push(...instances.map((i) => i.child));
  }, 60_000);

  afterAll(async () => {
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await database?.drop();
  });

  const post = (base: string, programmeId: string, body: unknown) =>
    fetch(`${base}/api/programmes/${programmeId}/commands`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('keeps positions and versions gap-free, verify ok, read models equal to the fold, and every live client of every instance gets every event in order', async () => {
    const programmes = ['north', 'south'];
    for (const p of programmes)
      expect((await post(instances[0]!.url, p, { type: 'LaunchProgramme', data: { name: p } })).status).toBe(201);

    // Two clients per instance per programme, all from the start of the log.
    const received = new Map<string, { programmeId: string; events: Frame[]; at: Map<number, number> }>();
    const sockets: WebSocket[] = [];
    for (const [name, instance] of instances.map((x, i) => [String(i), x] as const))
      for (const p of programmes)
        for (const n of [1, 2]) {
          const key = `${name}-${p}-${n}`;
          const entry = { programmeId: p, events: [] as Frame[], at: new Map<number, number>() };
          received.set(key, entry);
          const ws = new WebSocket(`ws://127.0.0.1:${instance.port}/api/programmes/${p}/live?after=0`, {
            headers: { authorization: `Bearer ${token}` },
          });
          ws.on('message', (data: Buffer) => {
            const frame = JSON.parse(data.toString()) as Frame;
            if (frame.kind === 'event') {
              entry.events.push(frame);
              entry.at.set(frame.event.position, Date.now());
            }
          });
          await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
          sockets.push(ws);
        }

    // Writers on every instance at once, on both programmes. Every fifth command names a partner's
    // lead, so each instance seals names under keys another instance created (and must read them).
    const acknowledged: { position: number; programmeId: string; at: number }[] = [];
    const writer = async (base: string, programmeId: string, count: number, who: number) => {
      for (let i = 0; i < count; i++) {
        const res = await post(
          base,
          programmeId,
          i % 5 === 0
            ? {
                type: 'AddPartner',
                data: {
                  partnerId: `p${who}-${i}`,
                  name: `Partner ${who} ${i}`,
                  sector: 'nhs',
                  lead: `Lead ${who} ${i}`,
                },
              }
            : {
                type: 'RecordTraining',
                data: {
                  level: 1 + (i % 4),
                  audience: `staff ${i}`,
                  sessions: 1,
                  attendees: i,
                  deliveredOn: '2025-01-01',
                },
              },
        );
        expect(res.status).toBe(201);
        const body = (await res.json()) as { position: number };
        acknowledged.push({ position: body.position, programmeId, at: Date.now() });
      }
    };
    await Promise.all(instances.flatMap((x, who) => programmes.map((p) => writer(x.url, p, 30, who))));

    // Wait until every client has every event of its programme (or a few seconds pass).
    const expectedCount = (p: string) => 1 + acknowledged.filter((x) => x.programmeId === p).length;
    for (let i = 0; i < 100 && [...received.values()].some((r) => r.events.length < expectedCount(r.programmeId)); i++)
      await new Promise((r) => setTimeout(r, 100));
    for (const ws of sockets) ws.close();

    const store = await Store.open(openPostgres(database.url));
    try {
      const rows = await store.kysely
        .selectFrom('events')
        .select(['position', 'version', 'programme_id'])
        .orderBy('position')
        .execute();
      expect(rows.map((r) => Number(r.position))).toEqual(rows.map((_, i) => i + 1));
      for (const p of programmes) {
        const versions = rows.filter((r) => r.programme_id === p).map((r) => Number(r.version));
        expect(versions).toEqual(versions.map((_, i) => i + 1));
      }
      const { verify } = await import('@steerlog/store');
      expect(await verify(store.kysely)).toEqual({ ok: true, checked: rows.length });
      // Each instance wrote the read models from its own fold, advanced by the others' events.
      for (const p of programmes) {
        const { models, fold } = await modelsAndFold(store, p, new Date());
        expect(models, p).toBe(fold);
      }
      for (const [key, r] of received) {
        const positions = r.events.map((f) => (f.kind === 'event' ? f.event.position : 0));
        const expected = rows.filter((row) => row.programme_id === r.programmeId).map((row) => Number(row.position));
        expect(positions, key).toEqual(expected);
      }
      // A command acknowledged by one instance reaches the other instance's clients within a second.
      const lags = acknowledged.flatMap((ack) =>
        [...received.values()]
          .filter((r) => r.programmeId === ack.programmeId)
          .map((r) => (r.at.get(ack.position) ?? Infinity) - ack.at),
      );
      const worst = Math.max(...lags);
      console.log(
        `three instances: ${rows.length} events, ${received.size} live clients, worst commit-to-receipt ${worst} ms`,
      );
      expect(worst).toBeLessThan(1000);
    } finally {
      await store.close();
    }
  }, 120_000);
});
