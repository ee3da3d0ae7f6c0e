import { CreatedToken } from '@steerlog/contract';
import { baseline } from '@steerlog/domain/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestServer } from './http.js';
import { expectProblem, sleep, startTestServer } from './http.js';

const P = 'held';
const started: TestServer[] = [];
const start = async (options: Parameters<typeof startTestServer>[0]) => {
  const server = await startTestServer(options);
  started.push(server);
  return server;
};
afterEach(async () => {
  // The second server shares the first one's file: stop it first, and leave removing to the first.
  for (const server of started.reverse()) await server.stop();
  started.length = 0;
});

describe('a token principal held by the server', () => {
  it('refuses a token revoked in this process on the very next request, whatever the hold', async () => {
    const server = await start({ tokenHoldMs: 3_600_000 });
    const admin = await server.as('admin');
    await admin.record(P, baseline());
    const created = CreatedToken.parse(
      (await admin.request('POST', '/api/admin/tokens', { body: { role: 'viewer', name: 'screen' } })).body,
    );
    const screen = server.client(created.token);
    expect((await screen.get(`/api/programmes/${P}/state`)).status).toBe(200);
    expect((await admin.request('DELETE', `/api/admin/tokens/${created.tokenId}`)).status).toBe(204);
    expectProblem(await screen.get(`/api/programmes/${P}/state`), 401, 'unauthorized');
  });

  it('refuses a token revoked by another server on the same file once the hold has passed', async () => {
    const holdMs = 300;
    const first = await start({ tokenHoldMs: holdMs });
    const second = await start({ dbPath: first.dbPath, databaseUrl: first.databaseUrl, tokenHoldMs: holdMs });
    const admin = await first.as('admin');
    await admin.record(P, baseline());
    const created = CreatedToken.parse(
      (await admin.request('POST', '/api/admin/tokens', { body: { role: 'viewer', name: 'screen' } })).body,
    );
    const screen = first.client(created.token);
    expect((await screen.get(`/api/programmes/${P}/state`)).status).toBe(200);
    const otherAdmin = second.client(admin.token);
    expect((await otherAdmin.request('DELETE', `/api/admin/tokens/${created.tokenId}`)).status).toBe(204);
    await sleep(holdMs);
    expectProblem(await screen.get(`/api/programmes/${P}/state`), 401, 'unauthorized');
    const listed = (await admin.get('/api/admin/tokens')).body as { tokenId: string; lastUsedAt: string | null }[];
    const used = Date.parse(listed.find((t) => t.tokenId === created.tokenId)!.lastUsedAt!);
    expect(Date.now() - used).toBeLessThan(60_000);
  });
});
