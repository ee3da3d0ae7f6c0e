import { baseline } from '@steerlog/domain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from './http.js';
import { expectProblem, startTestServer } from './http.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await (await server.as('admin')).record('roles', baseline());
});
afterAll(async () => {
  await server?.stop();
});

describe('GET /api/whoami', () => {
  it('names the principal of the token: role, name, its grant and the partner a partner lead is bound to', async () => {
    const lead = await server.as('partner', 'pat', 'council', 'roles');
    const grant = { role: 'partner', programmeId: 'roles', partnerId: 'council' };
    expect((await lead.get('/api/whoami')).body).toEqual({
      kind: 'token',
      name: 'pat',
      email: null,
      role: 'partner',
      partnerId: 'council',
      grants: [grant],
    });
    expect((await lead.get('/api/whoami?programmeId=roles')).body).toMatchObject({ role: 'partner' });
    expect((await lead.get('/api/whoami?programmeId=elsewhere')).body).toMatchObject({ role: null, partnerId: null });
    const coordinator = await server.as('coordinator', 'becky');
    expect((await coordinator.get('/api/whoami?programmeId=anything')).body).toEqual({
      kind: 'token',
      name: 'becky',
      email: null,
      role: 'coordinator',
      partnerId: null,
      grants: [{ role: 'coordinator', programmeId: null, partnerId: null }],
    });
  });

  it('answers 401 without a known token', async () => {
    expectProblem(await server.client(null).get('/api/whoami'), 401, 'unauthorized');
    expectProblem(await server.client('slg_unknown').get('/api/whoami'), 401, 'unauthorized');
  });
});
