import { spawnSync } from 'node:child_process';
import { createPublicKey, verify as verifySignature } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { baseline } from '@steerlog/domain/testing';
import { checkpointMessage, defaultIntegrityPaths, TruncatedStoreError } from '@steerlog/store';
import { onPostgres } from '@steerlog/store/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { rechain, splitExport } from './forge.js';
import type { Client, Json, TestServer } from './http.js';
import { expectProblem, sleep, startTestServer } from './http.js';
import { LiveClient } from './ws.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const ndjson = { 'content-type': 'application/x-ndjson' };
const servers: TestServer[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop().catch(() => undefined);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const start = async (options: Parameters<typeof startTestServer>[0] = {}) => {
  const server = await startTestServer(options);
  servers.push(server);
  return { server, admin: await server.as('admin'), auditor: await server.as('auditor') };
};
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'steerlog-checkpoints-'));
  dirs.push(dir);
  return dir;
};

/** Waits for the signer, which runs after the commit (off the command path). */
const checkpointsOf = async (client: Client, until: (list: Json[]) => boolean = () => true) => {
  for (let i = 0; i < 100; i++) {
    const list = (await client.get('/api/audit/checkpoints')).body as Json[];
    if (until(list)) return list;
    await sleep(20);
  }
  throw new Error('checkpoints did not appear');
};
const risk = (n: number) => ({ type: 'RaiseRisk', data: { title: `Risk ${n}`, likelihood: 1, impact: 1 } });

describe('signed checkpoints', () => {
  it('signs at least every N events, at every CloseMeeting and on demand; the signature holds under the public key', async () => {
    const { server, admin, auditor } = await start({ checkpointEvery: 10 });
    await admin.record('one', [...baseline(), ...Array.from({ length: 20 }, (_, i) => risk(i))]);
    const head = baseline().length + 20;
    const every = await checkpointsOf(auditor, (l) => l.length >= 2 && l[l.length - 1].position >= 20);
    // Never more than `every` events between two checkpoints, from the start of the log.
    let previous = 0;
    for (const c of every) {
      expect(c.position - previous).toBeLessThanOrEqual(10);
      previous = c.position;
    }
    expect(head - previous).toBeLessThan(10);

    const [opened] = await admin.record('one', [
      { type: 'OpenMeeting', data: { meetingId: 'm-1', title: 'SG', attendees: [] } },
    ]);
    expect(opened.position).toBe(head + 1);
    const [closed] = await admin.record('one', [{ type: 'CloseMeeting', data: { meetingId: 'm-1' } }]);
    const atClose = await checkpointsOf(auditor, (l) => l[l.length - 1].position >= closed.position);
    expect(atClose[atClose.length - 1].position).toBe(closed.position);

    const pem = (await auditor.get('/api/audit/public-key')).text;
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    const events = await auditor.allEvents('one');
    for (const c of atClose) {
      // Offline, with nothing but node:crypto, the public key and the documented message.
      expect(
        verifySignature(
          null,
          checkpointMessage(c.position, c.hash, c.signedAt),
          createPublicKey(pem),
          Buffer.from(c.signature, 'base64'),
        ),
      ).toBe(true);
      expect(events.find((e) => e.position === c.position)!.hash).toBe(c.hash);
    }

    // On demand: 201 with a new checkpoint at the head, then 200 with the same one.
    await admin.record('one', [risk(99)]);
    const made = await admin.request('POST', '/api/audit/checkpoints');
    expect(made.status, made.text).toBe(201);
    expect(made.body.position).toBe(closed.position + 1);
    const again = await admin.request('POST', '/api/audit/checkpoints');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(made.body);
    expectProblem(await auditor.request('POST', '/api/audit/checkpoints'), 403, 'forbidden');

    if (!onPostgres) {
      // The key was created beside the SQLite file, readable by its owner only.
      const { signingKey, checkpointFile } = defaultIntegrityPaths(server.dbPath, false);
      expect(statSync(signingKey).mode & 0o777).toBe(0o600);
      const side = readFileSync(checkpointFile, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(side.map((c) => c.position)).toEqual((await checkpointsOf(auditor)).map((c) => c.position));
    }
  });

  it('answers 409 when there is nothing to sign yet', async () => {
    const { admin } = await start();
    expectProblem(await admin.request('POST', '/api/audit/checkpoints'), 409, 'nothing_to_sign');
  });

  it('checks receipts: matches, differs, beyond-head; a malformed one is a 400', async () => {
    const { admin, auditor } = await start();
    const [first] = await admin.record('one', baseline());
    const receipt = `${first.position}:${first.events[0].hash}`;
    expect((await auditor.get(`/api/audit/verify?receipt=${receipt}`)).body).toMatchObject({
      ok: true,
      checked: baseline().length,
      receipt: 'matches',
    });
    const other = `${first.position}:${'0'.repeat(64)}`;
    expect((await auditor.get(`/api/audit/verify?receipt=${other}`)).body).toMatchObject({
      ok: false,
      receipt: 'differs',
    });
    expect((await auditor.get(`/api/audit/verify?receipt=999:${'a'.repeat(64)}`)).body).toMatchObject({
      ok: false,
      receipt: 'beyond-head',
    });
    expectProblem(await auditor.get('/api/audit/verify?receipt=nonsense'), 400, 'invalid_query');
  });
});

describe.skipIf(!onPostgres)('several servers on one PostgreSQL database', () => {
  it('sign each checkpoint once between them', async () => {
    const a = await start({ checkpointEvery: 5 });
    const b = await start({ checkpointEvery: 5, databaseUrl: a.server.databaseUrl, dbPath: join(tempDir(), 'b.db') });
    await a.admin.record('one', baseline());
    const bAdmin = await b.server.as('admin');
    for (let i = 0; i < 30; i++) await (i % 2 === 0 ? a.admin : bAdmin).record('one', [risk(i)]);
    await Promise.all([
      a.admin.request('POST', '/api/audit/checkpoints'),
      bAdmin.request('POST', '/api/audit/checkpoints'),
    ]);
    const list = await checkpointsOf(
      a.auditor,
      (l) => l.length > 0 && l[l.length - 1].position === baseline().length + 30,
    );
    const sides = [a.server, b.server].flatMap((s) => {
      const file = defaultIntegrityPaths(s.dbPath, true).checkpointFile;
      return existsSync(file)
        ? readFileSync(file, 'utf8')
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l).position as number)
        : [];
    });
    // Every checkpoint in the database was signed by exactly one of the two.
    expect(sides.sort((x, y) => x - y)).toEqual(list.map((c) => c.position as number));
    expect(new Set(sides).size).toBe(sides.length);
  });
});

describe('a forged history, re-chained and imported', () => {
  /** A server with funding and a decision, a signed checkpoint, and a receipt someone kept. */
  const original = async () => {
    const a = await start();
    await a.admin.record('one', [
      ...baseline(),
      { type: 'RecordDecision', data: { decisionId: 'd-1', summary: 'Fund the pilot', rationale: 'Cheapest' } },
    ]);
    const signed = await a.admin.request('POST', '/api/audit/checkpoints');
    expect(signed.status).toBe(201);
    await a.admin.record('one', [risk(1)]);
    const exported = (await a.auditor.get('/api/export')).text;
    const { events, keys } = splitExport(exported);
    const funding = events.findIndex((e) => e.type === 'FundingAllocated');
    const receipt = `${events[funding]!.position}:${events[funding]!.hash}`;
    // The attack: an allocation raised tenfold and the decision rewritten, then every hash recomputed.
    events[funding]!.data['amountPence'] = Number(events[funding]!.data['amountPence']) * 10;
    const decision = events.find((e) => e.type === 'DecisionRecorded')!;
    decision.data['summary'] = 'Fund the pilot tenfold';
    const checkpoints = keys.filter((k) => k.kind === 'checkpoint');
    expect(checkpoints).toHaveLength(1);
    return {
      a,
      receipt,
      signedCheckpoint: signed.body,
      withCheckpoints: rechain(events, keys),
      withoutCheckpoints: rechain(
        events,
        keys.filter((k) => k.kind !== 'checkpoint'),
      ),
    };
  };

  it('is refused when the export still carries its signed checkpoints', async () => {
    const { withCheckpoints } = await original();
    const b = await start();
    const res = await b.admin.request('POST', '/api/import', { raw: withCheckpoints, headers: ndjson });
    expectProblem(res, 400, 'import_invalid');
    expect(res.body.detail).toMatch(/checkpoint signed at position \d+ does not match the chain/);
    expect((await b.admin.get('/api/programmes')).body).toEqual([]);
  });

  it('verifies as a chain once its checkpoints are stripped, but fails the receipt and the checkpoint signed before it', async () => {
    const { a, receipt, withoutCheckpoints } = await original();
    const b = await start();
    const res = await b.admin.request('POST', '/api/import', { raw: withoutCheckpoints, headers: ndjson });
    expect(res.status, res.text).toBe(200);
    // As a chain, the forgery holds.
    const chain = (await b.auditor.get('/api/audit/verify')).body;
    expect(chain).toMatchObject({ ok: true, checkpoints: { ok: true, checked: 0 } });
    expect(chain.firstBadPosition).toBeUndefined();
    // The receipt someone kept does not.
    expect((await b.auditor.get(`/api/audit/verify?receipt=${receipt}`)).body).toMatchObject({
      ok: false,
      receipt: 'differs',
    });
    expect((await a.auditor.get(`/api/audit/verify?receipt=${receipt}`)).body).toMatchObject({
      ok: true,
      receipt: 'matches',
    });
    if (onPostgres) return;

    // Offline: the original's side file and public key, held by an auditor, against the forged database.
    await b.server.close();
    const held = tempDir();
    const pem = join(held, 'steerlog.pub');
    writeFileSync(pem, (await a.auditor.get('/api/audit/public-key')).text);
    const sideFile = join(held, 'checkpoints.ndjson');
    copyFileSync(defaultIntegrityPaths(a.server.dbPath, false).checkpointFile, sideFile);
    const cli = (args: string[]) =>
      spawnSync(
        process.execPath,
        ['--conditions=@steerlog/source', '--import', 'tsx', 'apps/cli/src/main.ts', 'verify', ...args],
        {
          cwd: root,
          encoding: 'utf8',
          env: { ...process.env, STEERLOG_DB: b.server.dbPath, STEERLOG_CHECKPOINT_FILE: sideFile },
        },
      );
    const run = cli(['--receipt', receipt, '--public-key', pem]);
    expect(run.status, run.stderr).toBe(3);
    const verdict = JSON.parse(run.stdout.trim().split('\n').pop()!);
    expect(verdict).toMatchObject({ ok: false, receipt: 'differs', checkpoints: { ok: false } });
    expect(verdict.checkpoints.faults).toContainEqual({ position: expect.any(Number), problem: 'differs' });
  });
});

describe.skipIf(onPostgres)('a store shorter than its last signed checkpoint', () => {
  it('refuses to start and says how many events are missing; --accept-truncation carries on, and a live client past the head is reset', async () => {
    const { server, admin } = await start();
    await admin.record('one', baseline());
    // What SQLite does now and then by itself: move the WAL's pages into the main file.
    const side = new SqliteDatabase(server.dbPath);
    side.pragma('wal_checkpoint(TRUNCATE)');
    side.close();
    // Only the main file is copied, not its -wal: exactly what a lost WAL leaves behind.
    const dir = tempDir();
    const copy = join(dir, 'steerlog.db');
    copyFileSync(server.dbPath, copy);
    await admin.record('one', [risk(1), risk(2), risk(3)]);
    const signed = await admin.request('POST', '/api/audit/checkpoints');
    expect(signed.status).toBe(201);
    copyFileSync(
      defaultIntegrityPaths(server.dbPath, false).checkpointFile,
      defaultIntegrityPaths(copy, false).checkpointFile,
    );
    copyFileSync(defaultIntegrityPaths(server.dbPath, false).signingKey, defaultIntegrityPaths(copy, false).signingKey);
    const raw = new SqliteDatabase(copy, { readonly: true });
    const head = Number(
      (raw.prepare('select coalesce(max(position), 0) as head from events').get() as { head: number }).head,
    );
    raw.close();
    expect(head).toBe(baseline().length);
    expect(head).toBeLessThan(signed.body.position);

    const refused = await startTestServer({ dbPath: copy }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(TruncatedStoreError);
    expect((refused as Error).message).toContain(
      `at least ${signed.body.position - head} acknowledged events are missing`,
    );

    const resumed = await start({ dbPath: copy, acceptTruncation: true });
    expect(resumed.server.truncated).toBe(signed.body.position - head);
    // The old side file is kept aside as evidence.
    expect(readdirSync(dir).some((f) => f.includes('.checkpoints.ndjson.truncated-'))).toBe(true);
    // A client that had seen the lost positions is told to start again, then gets the log from 0.
    const live = new LiveClient(resumed.server.url, 'one', { token: resumed.admin.token, after: signed.body.position });
    await live.until((fs) => fs.some((f) => f.kind === 'heartbeat'));
    expect(live.frames[0]).toEqual({ kind: 'reset', head });
    expect(live.events.map((e) => e.position)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    await live.close();
    const [next] = await resumed.admin.record('one', [risk(4)]);
    expect(next.position).toBe(head + 1);
    await resumed.server.close();
    // Carried on once, it starts again without the flag.
    const again = await start({ dbPath: copy });
    expect(again.server.truncated).toBe(0);
    expect(existsSync(copy)).toBe(true);
  });
});
