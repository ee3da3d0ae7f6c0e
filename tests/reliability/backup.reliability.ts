import { execFile } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { canonicalJson } from '@steerlog/domain';
import { openSqlite, Queries, Store, StoreError, verify } from '@steerlog/store';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ServerProcess } from './harness.js';
import {
  client,
  createTokens,
  repoRoot,
  resetAgents,
  sleep,
  spawnServer,
  stable,
  summary,
  tempDir,
} from './harness.js';

/**
 * Part 7, backup and restore: `pnpm steerlog backup FILE` runs while the real server process
 * takes writes from several clients; the copy, put in a new data directory, opens, verifies, and
 * holds exactly the live database's state at the position the backup reports.
 */

const CLIENTS = 4;
const PROGRAMMES = ['backup-a', 'backup-b', 'backup-c'];
/** Writing before and after the backup, so it is taken in the middle of a steady stream. */
const WRITE_BEFORE_MS = 1_500;
const WRITE_AFTER_MS = 1_000;

const dir = tempDir('backup');
const restoreDir = tempDir('restore');
const dbPath = dir.path('live.db');
const backupFile = dir.path('backup.db');
let server: ServerProcess | null = null;
let coordinator: string;

beforeAll(async () => {
  ({
    coordinator: { token: coordinator },
  } = await createTokens(dbPath, { coordinator: { role: 'coordinator' } }));
  server = await spawnServer({ dbPath });
  const c = client(() => server!.url, coordinator);
  for (const p of PROGRAMMES) {
    const res = await c.command(p, { type: 'LaunchProgramme', data: { name: `Backup ${p}` } });
    expect(res.status, res.text).toBe(201);
  }
});

afterAll(async () => {
  await server?.kill();
  resetAgents();
  dir.remove();
  restoreDir.remove();
});

const commandFor = (id: string, n: number) =>
  n % 2 === 0
    ? { type: 'RaiseRisk', data: { riskId: `r-${id}`, title: `Risk ${id}`, likelihood: 3, impact: 2 } }
    : { type: 'RecordDecision', data: { decisionId: `d-${id}`, summary: `Decision ${id}` } };

/** `pnpm steerlog backup FILE`, as an operator runs it next to the server. */
const runBackup = (file: string) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=@steerlog/source', '--import', 'tsx', 'apps/cli/src/main.ts', 'backup', file],
      {
        cwd: repoRoot,
        env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? tmpdir(), STEERLOG_DB: dbPath },
        timeout: 60_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });

it('backs up a consistent snapshot under writes, and the restore equals the live state at that position', async () => {
  const c = client(() => server!.url, coordinator);
  let stop = false;
  let acked = 0;
  const failures: string[] = [];
  const writer = async (w: number) => {
    for (let n = 0; !stop; n++) {
      const p = PROGRAMMES[(w + n) % PROGRAMMES.length]!;
      const res = await c.command(p, commandFor(`w${w}-${n}`, n));
      if (res.status === 201) acked++;
      else failures.push(`${res.status} ${res.text}`);
    }
  };
  const writers = Array.from({ length: CLIENTS }, (_, w) => writer(w));

  await sleep(WRITE_BEFORE_MS);
  const ackedBefore = acked;
  const started = performance.now();
  const backup = await runBackup(backupFile);
  const backupMs = Math.round(performance.now() - started);
  const ackedDuring = acked - ackedBefore;
  expect(backup.code, backup.stderr).toBe(0);
  const position = Number(/at position (\d+)/.exec(backup.stdout)?.[1]);
  expect(position, backup.stdout).toBeGreaterThan(0);

  const later = await c.command('backup-later', { type: 'LaunchProgramme', data: { name: 'After the backup' } });
  expect(later.status, later.text).toBe(201);
  await sleep(WRITE_AFTER_MS);
  stop = true;
  await Promise.all(writers);
  expect(failures).toEqual([]);

  // A second backup to the same file is refused, not overwritten.
  const again = await runBackup(backupFile);
  expect(again.code).not.toBe(0);
  expect(again.stderr).toMatch(/exists/);

  await server!.kill('SIGTERM');
  server = null;

  // Restore: the file alone, in a fresh data directory, as the server would open it.
  const restoredPath = restoreDir.path('steerlog.db');
  copyFileSync(backupFile, restoredPath);
  expect(existsSync(restoreDir.path('steerlog.db-wal'))).toBe(false);
  const restored = await Store.open(openSqlite(restoredPath));
  const live = await Store.open(openSqlite(dbPath));
  let compared = 0;
  let eventsCompared = 0;
  try {
    const verified = await verify(restored.kysely);
    expect(verified.ok).toBe(true);
    expect(restored.headPosition).toBe(position);
    expect(live.headPosition).toBeGreaterThan(position);

    const now = new Date();
    const liveQ = new Queries(live.kysely, live);
    const restoredQ = new Queries(restored.kysely, restored);
    for (const p of PROGRAMMES) {
      const expected = canonicalJson(stable(await liveQ.view(p, { atPosition: position }, now)));
      // The restored read models (no fold) and a fold of the restored log both give the live state at the cut.
      expect(canonicalJson(stable(await restoredQ.currentView(p, now)))).toBe(expected);
      expect(canonicalJson(stable(await restoredQ.view(p, { atPosition: position }, now)))).toBe(expected);
      const liveEvents = (await liveQ.events(p, { after: 0, limit: 1_000_000 })).events.filter((e) => e.position <= position);
      const restoredEvents = (await restoredQ.events(p, { after: 0, limit: 1_000_000 })).events;
      expect(canonicalJson(restoredEvents)).toBe(canonicalJson(liveEvents));
      eventsCompared += restoredEvents.length;
      compared++;
    }
    // A programme launched after the backup is not in it.
    await expect(restoredQ.view('backup-later', {})).rejects.toBeInstanceOf(StoreError);

    summary('backup', {
      clients: CLIENTS,
      acked,
      ackedDuringBackup: ackedDuring,
      backupMs,
      backupPosition: position,
      liveHead: live.headPosition,
      programmesCompared: compared,
      eventsCompared,
      verify: verified.ok ? 'ok' : 'FAILED',
      lost: 0,
      failures: failures.length,
    });
  } finally {
    await restored.close();
    await live.close();
  }
});
