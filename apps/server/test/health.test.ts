import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestServer } from './http.js';
import { expectProblem, sleep, startTestServer } from './http.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

it('GET /healthz: 200 without a token', async () => {
  const res = await server.client(null).get('/healthz');
  expect(res.status).toBe(200);
});

it('GET /readyz: 200 with ready true once the chain is verified and the read models caught up', async () => {
  const client = server.client(null);
  let res = await client.get('/readyz');
  for (let i = 0; i < 50 && res.status !== 200; i++) {
    await sleep(20);
    res = await client.get('/readyz');
  }
  expect(res.status, res.text).toBe(200);
  expect(res.body.ready).toBe(true);

  const coordinator = await server.as('coordinator');
  await coordinator.record('ready', [{ type: 'LaunchProgramme', data: { name: 'Ready' } }]);
  const after = await client.get('/readyz');
  expect(after.status).toBe(200);
  expect(after.body).toMatchObject({ ready: true, head: 1, checkpoint: 1 });
});

it('GET /docs: the API docs page', async () => {
  const res = await server.client(null).get('/docs');
  expect(res.status).toBe(200);
  expect(res.contentType).toMatch(/^text\/html/);
});

it('GET /docs/json: OpenAPI with the commands path and its body schema', async () => {
  const res = await server.client(null).get('/docs/json');
  expect(res.status).toBe(200);
  expect(res.body.openapi).toMatch(/^3\./);
  const commands = res.body.paths['/api/programmes/{programmeId}/commands'];
  expect(commands.post).toBeDefined();
  const body = JSON.stringify(commands.post.requestBody);
  for (const type of ['LaunchProgramme', 'ChangeRag', 'RetractEvent']) expect(body).toContain(type);
  for (const path of ['/api/programmes/{programmeId}/state', '/api/export', '/api/audit/verify'])
    expect(Object.keys(res.body.paths)).toContain(path);
});

it('404 not_found as a problem for a route that does not exist', async () => {
  expectProblem(await server.client(null).get('/api/nothing-here'), 404, 'not_found');
});
