import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseline } from '@steerlog/domain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTokens } from '../src/demo.js';
import type { TestServer } from './http.js';
import { expectProblem, startTestServer } from './http.js';

let server: TestServer;
let dir: string;

beforeAll(async () => {
  server = await startTestServer();
  dir = mkdtempSync(join(tmpdir(), 'steerlog-demo-tokens-'));
  const admin = await server.as('admin');
  await admin.record('roles', baseline());
  await admin.record('other', [{ type: 'LaunchProgramme', data: { name: 'Other' } }]);
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('demo tokens', () => {
  it('are reused across starts; each display token reads its own programme only; old demo tokens are revoked', async () => {
    const file = join(dir, 'demo-tokens.json');
    const old = await server.tokens.create({ role: 'viewer', name: 'demo-display' });
    const first = await demoTokens(server.tokens, ['roles', 'other'], file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = await demoTokens(server.tokens, ['roles', 'other'], file);
    expect(second).toEqual(first);
    expect((await server.tokens.list()).filter((t) => t.revokedAt === null && t.name.startsWith('demo-'))).toHaveLength(
      3,
    );
    expectProblem(await server.client(old.token).get('/api/programmes'), 401, 'unauthorized');

    const display = server.client(first.displays['roles']!);
    expect((await display.get('/api/programmes/roles/state')).status).toBe(200);
    expectProblem(await display.get('/api/programmes/other/state'), 403, 'forbidden');
    expect((await server.client(first.coordinator).get('/api/programmes')).body).toHaveLength(2);

    // A demo token revoked meanwhile is replaced, not reused.
    const roles = (await server.tokens.authenticate(first.displays['roles']!))!;
    await server.tokens.revoke(roles.tokenId);
    const third = await demoTokens(server.tokens, ['roles', 'other'], file);
    expect(third.displays['roles']).not.toBe(first.displays['roles']);
    expect(third.displays['other']).toBe(first.displays['other']);
    expect(third.coordinator).toBe(first.coordinator);
  });
});
