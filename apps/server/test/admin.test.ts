import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CreatedToken, TokenSummary } from '@steerlog/contract';
import { baseline } from '@steerlog/domain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Client, TestServer } from './http.js';
import { expectProblem, startTestServer } from './http.js';

const P = 'roles';
let server: TestServer;
let admin: Client;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.as('admin', 'it-admin');
  await admin.record(P, baseline());
});
afterAll(() => server.stop());

describe('token management API (admin)', () => {
  it('creates a token bound to a programme, shows it once, lists it with its last use, revokes it', async () => {
    const created = await admin.request('POST', '/api/admin/tokens', {
      body: { role: 'partner', name: 'Council lead', programmeId: P, partnerId: 'council' },
    });
    expect(created.status, created.text).toBe(201);
    const body = CreatedToken.parse(created.body);
    expect(body).toMatchObject({
      role: 'partner',
      programmeId: P,
      partnerId: 'council',
      revokedAt: null,
      lastUsedAt: null,
    });
    expect(body.token).toMatch(/^slg_/);

    const lead = server.client(body.token);
    expect((await lead.get(`/api/programmes/${P}/state`)).status).toBe(200);
    const listed = z.array(TokenSummary).parse((await admin.get('/api/admin/tokens')).body);
    const mine = listed.find((t) => t.tokenId === body.tokenId)!;
    expect(mine.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(body.token);
    expect(JSON.stringify(listed)).not.toMatch(/token_hash|tokenHash/);

    expect((await admin.request('DELETE', `/api/admin/tokens/${body.tokenId}`)).status).toBe(204);
    expectProblem(await lead.get(`/api/programmes/${P}/state`), 401, 'unauthorized');
    expectProblem(await admin.request('DELETE', `/api/admin/tokens/${body.tokenId}`), 404, 'token_not_found');
    const after = z.array(TokenSummary).parse((await admin.get('/api/admin/tokens')).body);
    expect(after.find((t) => t.tokenId === body.tokenId)?.revokedAt).not.toBeNull();
  });

  it.each([
    ['a partner without a programme', { role: 'partner', name: 'x', partnerId: 'council' }, 400, 'invalid_body'],
    ['a partner without a partner', { role: 'partner', name: 'x', programmeId: P }, 400, 'invalid_body'],
    [
      'a partner unknown in the programme',
      { role: 'partner', name: 'x', programmeId: P, partnerId: 'nobody' },
      422,
      'unknown_partner',
    ],
    ['an admin bound to a programme', { role: 'admin', name: 'x', programmeId: P }, 400, 'invalid_body'],
    ['a viewer with a partner', { role: 'viewer', name: 'x', partnerId: 'council' }, 400, 'invalid_body'],
    ['an unknown role', { role: 'owner', name: 'x' }, 400, 'invalid_body'],
    ['an unknown field', { role: 'viewer', name: 'x', expires: 'never' }, 400, 'invalid_body'],
  ] as const)('refuses %s', async (_name, body, status, code) => {
    const before = (await admin.get('/api/admin/tokens')).body.length as number;
    expectProblem(await admin.request('POST', '/api/admin/tokens', { body }), status, code);
    expect((await admin.get('/api/admin/tokens')).body.length).toBe(before);
  });
});

describe('pnpm steerlog token and grant', () => {
  const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
  const cli = (...args: string[]) =>
    promisify(execFile)(
      process.execPath,
      ['--conditions=@steerlog/source', '--import', 'tsx', 'apps/cli/src/main.ts', ...args],
      {
        cwd: repoRoot,
        env: {
          PATH: process.env['PATH'] ?? '',
          STEERLOG_DB: server.dbPath,
          ...(server.databaseUrl ? { STEERLOG_DATABASE_URL: server.databaseUrl } : {}),
        },
      },
    );
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );

  it('creates a partner token bound to a programme and an existing partner', async () => {
    const { stdout } = await cli(
      'token',
      'create',
      '--role',
      'partner',
      '--name',
      'Lead',
      '--programme',
      P,
      '--partner',
      'council',
    );
    const token = stdout.trim().split('\n').at(-1)!;
    expect((await server.client(token).get('/api/whoami')).body).toMatchObject({
      role: 'partner',
      grants: [{ role: 'partner', programmeId: P, partnerId: 'council' }],
    });
  });

  it('exits non-zero with a clear message for a partner token without a programme or with an unknown partner', async () => {
    const without = await failure(
      cli('token', 'create', '--role', 'partner', '--name', 'Lead', '--partner', 'council'),
    );
    expect(without.code).not.toBe(0);
    expect(without.stderr).toMatch(/a partner role needs a programme \(--programme P\)/);
    const unknown = await failure(
      cli('token', 'create', '--role', 'partner', '--name', 'Lead', '--programme', P, '--partner', 'nobody'),
    );
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/partner nobody does not exist in programme roles/);
  });

  it('grants a role to an e-mail in one programme, lists and revokes it', async () => {
    const { stdout } = await cli('grant', '--email', 'Jo@Council.Example', '--role', 'coordinator', '--programme', P);
    expect(stdout).toMatch(/Granted coordinator in roles to jo@council.example/);
    expect(await server.grants.of('jo@council.example')).toEqual([
      { role: 'coordinator', programmeId: P, partnerId: null },
    ]);
    const id = /\(grant ([0-9a-f-]+)\)/.exec(stdout)![1]!;
    expect((await cli('grant', 'list')).stdout).toContain(id);
    await cli('grant', 'revoke', id);
    expect(await server.grants.of('jo@council.example')).toEqual([]);
    const bad = await failure(cli('grant', '--email', 'not-an-email', '--role', 'viewer'));
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/not an e-mail address/);
  });
});

describe('grant management API (admin)', () => {
  it('grants a role to an e-mail, lists it as pending until they sign in, withdraws it', async () => {
    const res = await admin.request('POST', '/api/admin/grants', {
      body: { email: 'New.Person@Council.Example', role: 'partner', programmeId: P, partnerId: 'council' },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ email: 'new.person@council.example', role: 'partner', programmeId: P });
    const listed = (await admin.get('/api/admin/users')).body;
    expect(listed.pendingGrants).toContainEqual(
      expect.objectContaining({ grantId: res.body.grantId, email: 'new.person@council.example' }),
    );
    expect((await admin.request('DELETE', `/api/admin/grants/${res.body.grantId}`)).status).toBe(204);
    expectProblem(await admin.request('DELETE', `/api/admin/grants/${res.body.grantId}`), 404, 'grant_not_found');
    expect(await server.grants.of('new.person@council.example')).toEqual([]);
    expectProblem(
      await admin.request('POST', '/api/admin/grants', {
        body: { email: 'x@y.example', role: 'partner', programmeId: P },
      }),
      400,
      'invalid_body',
    );
  });
});
