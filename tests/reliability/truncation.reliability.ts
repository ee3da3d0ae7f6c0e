import { existsSync, rmSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { client, createTokens, request, resetAgents, spawnServer, summary, tempDir } from './harness.js';

/**
 * A lost WAL after a crash: the real server process is killed with SIGKILL after it signed a
 * checkpoint, and its -wal file deleted, so the acknowledged events in it are gone. It must
 * refuse to start (exit 2, saying how many events are missing) rather than reuse their
 * positions; with STEERLOG_ACCEPT_TRUNCATION=1 it carries on, and the side file is kept aside.
 */

const dir = tempDir('truncation');
afterAll(() => {
  resetAgents();
  dir.remove();
});

it('refuses to start on a store that lost its WAL, and carries on only when told to', async () => {
  const dbPath = dir.path('steerlog.db');
  const { admin } = await createTokens(dbPath, { admin: { role: 'admin' } });
  // The tokens are written in the main file by a clean close; everything after lives in the WAL until SQLite checkpoints it.
  let server = await spawnServer({ dbPath });
  const c = client(() => server.url, admin.token);
  expect((await c.command('t', { type: 'LaunchProgramme', data: { name: 'T' } })).status).toBe(201);
  for (let i = 0; i < 20; i++)
    expect(
      (await c.command('t', { type: 'RaiseRisk', data: { title: `R${i}`, likelihood: 1, impact: 1 } })).status,
    ).toBe(201);
  const signed = await request(server.url, 'POST', '/api/audit/checkpoints', { token: admin.token });
  expect(signed.status).toBe(201);
  resetAgents();
  await server.kill('SIGKILL');
  expect(existsSync(`${dbPath}-wal`)).toBe(true);
  rmSync(`${dbPath}-wal`);
  rmSync(`${dbPath}-shm`, { force: true });

  const refused = await spawnServer({ dbPath, noWait: true });
  const exit = await refused.exited;
  expect(exit.code).toBe(2);
  const missing = /at least (\d+) acknowledged events are missing/.exec(refused.output())?.[1];
  expect(Number(missing)).toBeGreaterThan(0);
  expect(Number(missing)).toBeLessThanOrEqual(signed.body.position);

  server = await spawnServer({ dbPath, env: { STEERLOG_ACCEPT_TRUNCATION: '1' } });
  const head = (await request(server.url, 'GET', '/readyz')).body.head as number;
  expect(head).toBe(signed.body.position - Number(missing));
  await server.kill('SIGTERM');
  // Accepted once, the store starts again as it is.
  server = await spawnServer({ dbPath });
  expect((await request(server.url, 'GET', '/healthz')).status).toBe(200);
  await server.kill('SIGTERM');
  summary('truncation', {
    signedAt: signed.body.position,
    headAfterLoss: head,
    missing: Number(missing),
    refusedExit: exit.code ?? -1,
  });
});
