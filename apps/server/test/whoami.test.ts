import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from './http.js';
import { expectProblem, startTestServer } from './http.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('GET /api/whoami', () => {
  it('names the principal of the token: role, name and the partner a partner lead is bound to', async () => {
    const lead = await server.as('partner', 'pat', 'council');
    expect((await lead.get('/api/whoami')).body).toEqual({ name: 'pat', role: 'partner', partnerId: 'council' });
    const coordinator = await server.as('coordinator', 'becky');
    expect((await coordinator.get('/api/whoami')).body).toEqual({
      name: 'becky',
      role: 'coordinator',
      partnerId: null,
    });
  });

  it('answers 401 without a known token', async () => {
    expectProblem(await server.client(null).get('/api/whoami'), 401, 'unauthorized');
    expectProblem(await server.client('slg_unknown').get('/api/whoami'), 401, 'unauthorized');
  });
});
