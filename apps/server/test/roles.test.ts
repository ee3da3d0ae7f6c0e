import type { Role } from '@steerlog/domain';
import { baseline } from '@steerlog/domain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json, Reply, TestServer } from './http.js';
import { Client, expectProblem, startTestServer } from './http.js';
import type { OidcTestProvider } from './oidc-provider.js';
import { CookieJar, freePort, signInAtProvider, startOidcProvider } from './oidc-provider.js';
import { LiveClient, upgradeStatus } from './ws.js';

const P = 'roles';
const roles = ['viewer', 'partner', 'coordinator', 'auditor', 'admin'] as const satisfies readonly Role[];
const all: readonly Role[] = roles;

const report = (partnerId: string) => ({
  type: 'SubmitHighlightReport',
  data: { partnerId, lead: 'Alex Lead', summary: 'On track', successes: [], challenges: [], upcoming: [] },
});

type Endpoint = {
  name: string;
  allow: readonly Role[];
  call: (c: Client) => Promise<Reply>;
  /** Needs rights in every programme (a programme-bound principal is refused even in its own). */
  global?: boolean;
};

/** Every endpoint of the contract, and the roles the contract's table lets through. */
const endpointsIn = (P: string): Endpoint[] => [
  { name: 'GET /api/programmes', allow: all, call: (c) => c.get('/api/programmes') },
  { name: 'GET state', allow: all, call: (c) => c.get(`/api/programmes/${P}/state`) },
  { name: 'GET state asOf', allow: all, call: (c) => c.get(`/api/programmes/${P}/state?asOf=2025-03-01`) },
  {
    name: 'GET events',
    allow: ['coordinator', 'auditor', 'admin'],
    call: (c) => c.get(`/api/programmes/${P}/events?after=0&limit=10`),
  },
  {
    name: 'GET history',
    allow: ['coordinator', 'auditor', 'admin'],
    call: (c) => c.get(`/api/programmes/${P}/history?subject=workstream:training`),
  },
  {
    name: 'GET diff',
    allow: ['coordinator', 'auditor', 'admin'],
    call: (c) => c.get(`/api/programmes/${P}/diff?from=1&to=3`),
  },
  {
    name: 'GET highlight report',
    allow: ['coordinator', 'auditor', 'admin'],
    call: (c) => c.get(`/api/programmes/${P}/reports/highlight?format=csv`),
  },
  {
    name: 'GET minutes',
    allow: ['coordinator', 'auditor', 'admin'],
    call: (c) => c.get(`/api/programmes/${P}/meetings/sg-1/minutes?format=md`),
  },
  { name: 'POST commands', allow: ['partner', 'coordinator', 'admin'], call: (c) => c.command(P, report('council')) },
  { name: 'GET audit/verify', allow: ['auditor', 'admin'], global: true, call: (c) => c.get('/api/audit/verify') },
  { name: 'GET export', allow: ['auditor', 'admin'], global: true, call: (c) => c.get('/api/export') },
  {
    name: 'POST import',
    allow: ['admin'],
    global: true,
    call: (c) => c.request('POST', '/api/import', { raw: '', headers: { 'content-type': 'application/x-ndjson' } }),
  },
  { name: 'GET admin/tokens', allow: ['admin'], global: true, call: (c) => c.get('/api/admin/tokens') },
  {
    name: 'DELETE personal-data',
    allow: ['admin'],
    call: (c) => c.request('DELETE', `/api/programmes/${P}/personal-data/champion:c-1`),
  },
];
const endpoints = endpointsIn(P);

const given = [
  ...baseline(),
  { type: 'OpenMeeting', data: { meetingId: 'sg-1', title: 'Steering group', attendees: ['council'] } },
  { type: 'CloseMeeting', data: { meetingId: 'sg-1' } },
  { type: 'AppointChampion', data: { championId: 'c-1', partnerId: 'council', name: 'Jo Champion' } },
];

describe('role-by-endpoint matrix', () => {
  let server: TestServer;
  const clients = new Map<Role, Client>();
  let admin: Client;
  const head = async () => (await admin.get('/api/audit/verify')).body.checked as number;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.as('admin', 'admin-user');
    await admin.record(P, given);
    for (const role of roles)
      clients.set(
        role,
        role === 'admin'
          ? admin
          : await server.as(
              role,
              `${role}-user`,
              role === 'partner' ? 'council' : undefined,
              role === 'partner' ? P : undefined,
            ),
      );
  });
  afterAll(() => server.stop());

  const cells = endpoints.flatMap((e) => roles.map((role) => [e.name, role, e.allow.includes(role), e] as const));

  it.each(cells)('%s as %s (allowed: %s)', async (_name, role, allowed, endpoint) => {
    const before = await head();
    const res = await endpoint.call(clients.get(role)!);
    if (!allowed) {
      expectProblem(res, 403, 'forbidden');
      expect(await head()).toBe(before);
      return;
    }
    if (endpoint.name === 'POST import') {
      // The store is not empty: the refusal is the store's, not the role's.
      expectProblem(res, 409, 'store_not_empty');
      return;
    }
    expect(res.status, res.text).toBeGreaterThanOrEqual(200);
    expect(res.status, res.text).toBeLessThan(300);
    if (endpoint.name === 'POST commands') expect(await head()).toBe(before + 1);
    else expect(await head()).toBe(before);
  });

  it.each(roles.flatMap((role) => (['header', 'query'] as const).map((via) => [role, via] as const)))(
    'live websocket as %s, token in the %s',
    async (role, via) => {
      expect(await upgradeStatus(server.url, P, { token: clients.get(role)!.token, via })).toBe(101);
    },
  );

  describe('a partner acts only on its own partner', () => {
    let partner: Client;
    beforeAll(() => {
      partner = clients.get('partner')!;
    });

    it.each([
      ['SubmitHighlightReport for itself', report('council')],
      [
        'ChangeRag of itself',
        { type: 'ChangeRag', data: { subject: { kind: 'partner', id: 'council' }, rag: 'amber', reason: 'Staffing' } },
      ],
      [
        'RecordTraining for itself',
        {
          type: 'RecordTraining',
          data: {
            partnerId: 'council',
            level: 1,
            audience: 'Staff',
            sessions: 1,
            attendees: 9,
            deliveredOn: '2025-03-01',
          },
        },
      ],
      [
        'AssessMaturity for itself',
        { type: 'AssessMaturity', data: { partnerId: 'council', domain: 'leadership', level: 'emerging' } },
      ],
    ])('201 %s', async (_name, command) => {
      const res = await partner.command(P, command);
      expect(res.status, res.text).toBe(201);
      expect(res.body.events[0].actor).toBe('partner-user');
    });

    it('records training and maturity without a partnerId as its own', async () => {
      const [training, maturity] = await partner.record(P, [
        {
          type: 'RecordTraining',
          data: { level: 2, audience: 'Leads', sessions: 1, attendees: 4, deliveredOn: '2025-03-02' },
        },
        { type: 'AssessMaturity', data: { domain: 'workforce', level: 'not-present' } },
      ]);
      expect(training.events[0].data.partnerId).toBe('council');
      expect(maturity.events[0].data.partnerId).toBe('council');
    });

    it.each([
      ['SubmitHighlightReport for another partner', report('nhs-trust')],
      [
        'ChangeRag of another partner',
        { type: 'ChangeRag', data: { subject: { kind: 'partner', id: 'nhs-trust' }, rag: 'red', reason: 'x' } },
      ],
      [
        'ChangeRag of a workstream',
        { type: 'ChangeRag', data: { subject: { kind: 'workstream', id: 'training' }, rag: 'red', reason: 'x' } },
      ],
      [
        'ChangeRag of the programme',
        { type: 'ChangeRag', data: { subject: { kind: 'programme' }, rag: 'red', reason: 'x' } },
      ],
      [
        'RecordTraining for another partner',
        {
          type: 'RecordTraining',
          data: {
            partnerId: 'nhs-trust',
            level: 1,
            audience: 'Staff',
            sessions: 1,
            attendees: 9,
            deliveredOn: '2025-03-01',
          },
        },
      ],
      [
        'AssessMaturity for another partner',
        { type: 'AssessMaturity', data: { partnerId: 'nhs-trust', domain: 'leadership', level: 'emerging' } },
      ],
      ['AddPartner', { type: 'AddPartner', data: { name: 'Police', sector: 'police' } }],
      ['AppointChampion even for itself', { type: 'AppointChampion', data: { partnerId: 'council', name: 'Jo' } }],
      ['RaiseRisk', { type: 'RaiseRisk', data: { title: 'Risk', likelihood: 1, impact: 1 } }],
      ['LaunchProgramme', { type: 'LaunchProgramme', data: { name: 'Mine' } }],
    ])('403 %s, appending nothing', async (_name, command) => {
      const before = await head();
      const target = command.type === 'LaunchProgramme' ? 'partner-own' : P;
      expectProblem(await partner.command(target, command), 403, 'forbidden');
      expect(await head()).toBe(before);
      expect((await admin.get('/api/programmes')).body.map((p: Json) => p.programmeId)).toEqual([P]);
    });

    it('403 for a retraction, even of its own report', async () => {
      const [mine] = await partner.record(P, [report('council')]);
      const before = await head();
      expectProblem(
        await partner.command(P, { type: 'RetractEvent', data: { eventId: mine.events[0].id, reason: 'Oops' } }),
        403,
        'forbidden',
      );
      expect(await head()).toBe(before);
    });
  });
});

describe('401 without a token or with an unknown one', () => {
  // Each server counts failed authentications per address and answers 429 after 20 in a minute,
  // so the no-token and unknown-token sweeps run against servers of their own.
  let server: TestServer;
  let unknownServer: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    unknownServer = await startTestServer();
    for (const s of [server, unknownServer]) await (await s.as('admin')).record(P, given);
  });
  afterAll(async () => {
    await server.stop();
    await unknownServer.stop();
  });

  it.each(endpoints.map((e) => [e.name, e] as const))('401 for %s without a token', async (_name, endpoint) => {
    const before = server.store.headPosition;
    expectProblem(await endpoint.call(server.client(null)), 401, 'unauthorized');
    expect(server.store.headPosition).toBe(before);
  });

  it.each(endpoints.map((e) => [e.name, e] as const))('401 for %s with an unknown token', async (_name, endpoint) => {
    const before = unknownServer.store.headPosition;
    expectProblem(await endpoint.call(unknownServer.client('slg_not-a-real-token')), 401, 'unauthorized');
    expect(unknownServer.store.headPosition).toBe(before);
  });

  it('401 for the live websocket without a token or with an unknown one', async () => {
    expect(await upgradeStatus(server.url, P, {})).toBe(401);
    expect(await upgradeStatus(unknownServer.url, P, { token: 'slg_nope', via: 'header' })).toBe(401);
    expect(await upgradeStatus(unknownServer.url, P, { token: 'slg_nope', via: 'query' })).toBe(401);
  });

  it('refuses a revoked token', async () => {
    const { token, principal } = await server.tokens.create({ role: 'viewer', name: 'gone' });
    expect((await server.client(token).get('/api/programmes')).status).toBe(200);
    await server.tokens.revoke(principal.tokenId);
    expectProblem(await server.client(token).get('/api/programmes'), 401, 'unauthorized');
  });

  it('slows token guessing: 429 after 20 failures from one address', async () => {
    const guesser = unknownServer.client('slg_guess');
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await guesser.get('/api/programmes')).status);
    expect(statuses).toContain(429);
    expect(statuses.slice(statuses.indexOf(429)).every((s) => s === 429)).toBe(true);
    expectProblem(await guesser.get('/api/programmes'), 429, 'too_many_requests');
    const res = await fetch(`${unknownServer.url}/api/programmes`, { headers: { authorization: 'Bearer slg_guess' } });
    expect(res.status).toBe(429);
    const wait = Number(res.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
  });

  it.each(['bearer', 'BEARER', 'Bearer', 'bEaReR'])('accepts the %s scheme in any case', async (scheme) => {
    const token = await server.createToken('viewer', 'cased');
    const res = await fetch(`${server.url}/api/programmes`, { headers: { authorization: `${scheme} ${token}` } });
    expect(res.status).toBe(200);
  });
});

describe('rights per programme, for tokens and for signed-in people (HTTP and websocket)', () => {
  const Q = 'elsewhere';
  let provider: OidcTestProvider;
  let server: TestServer;
  let admin: Client;
  /** Every principal bound to programme P: a token and a signed-in person per role (admin is global). */
  const principals: { label: string; role: Role; client: Client; live: Record<string, string>; token?: string }[] = [];

  beforeAll(async () => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const bound = roles.filter((r) => r !== 'admin');
    provider = await startOidcProvider({
      users: roles.map((r) => ({ login: r, email: `${r}@people.example`, name: `${r} person` })),
      redirectUris: [`${publicUrl}/auth/callback`],
    });
    server = await startTestServer({
      port,
      oidc: {
        issuer: provider.issuer,
        clientId: provider.clientId,
        clientSecret: provider.clientSecret,
        publicUrl,
        admins: [],
      },
    });
    admin = await server.as('admin');
    await admin.record(P, given);
    // Q has the same partners, meeting and champion: a principal of P must still not act there.
    await admin.record(Q, given);
    for (const role of roles) {
      const partner = role === 'partner' ? 'council' : undefined;
      const programme = role === 'admin' ? undefined : P;
      const token = await server.createToken(role, `${role}-token`, partner, programme);
      principals.push({
        label: `${role} token bound to ${programme ?? 'all'}`,
        role,
        client: server.client(token),
        live: {},
        token,
      });
      await server.grants.create({ email: `${role}@people.example`, role, programmeId: programme, partnerId: partner });
      const jar = new CookieJar();
      const callback = await signInAtProvider(jar, server.url, role);
      expect((await jar.fetch(callback)).status).toBe(303);
      const session = (await jar.fetch(`${server.url}/auth/session`).then((r) => r.json())) as { csrfToken: string };
      const cookie = jar.header(server.url);
      principals.push({
        label: `${role} person granted ${programme ?? 'all'}`,
        role,
        client: new Client(server.url, null, { cookie, 'x-csrf-token': session.csrfToken }),
        live: { cookie, origin: server.url },
      });
    }
    expect(bound.length).toBe(4);
  });
  afterAll(async () => {
    await server?.stop();
    await provider?.stop();
  });

  /** In P a principal has its role's rights (global endpoints need global rights); in Q none, unless admin. */
  const allowedIn = (programme: string, role: Role, e: Endpoint) =>
    role === 'admin' || e.name === 'GET /api/programmes' // (which lists only P: see below)
      ? true
      : programme === P && !e.global && e.allow.includes(role);

  const cells = [P, Q].flatMap((programme) =>
    endpointsIn(programme).flatMap((e) =>
      roles.flatMap((role) =>
        (['token', 'person'] as const).map((kind) => [e.name, programme, role, kind, e] as const),
      ),
    ),
  );

  it.each(cells)('%s in %s as a %s %s', async (_name, programme, role, kind, endpoint) => {
    const principal = principals.find((p) => p.role === role && p.label.startsWith(`${role} ${kind}`))!;
    const before = server.store.headPosition;
    const res = await endpoint.call(principal.client);
    if (!allowedIn(programme, role, endpoint)) {
      expectProblem(res, 403, 'forbidden');
      expect(server.store.headPosition).toBe(before);
      return;
    }
    if (endpoint.name === 'POST import') return expectProblem(res, 409, 'store_not_empty');
    expect(res.status, res.text).toBeGreaterThanOrEqual(200);
    expect(res.status, res.text).toBeLessThan(300);
    expect(server.store.headPosition).toBe(endpoint.name === 'POST commands' ? before + 1 : before);
  });

  it.each(roles.flatMap((role) => (['token', 'person'] as const).map((kind) => [role, kind] as const)))(
    'the programme list of a %s %s shows only where it has rights',
    async (role, kind) => {
      const principal = principals.find((p) => p.label.startsWith(`${role} ${kind}`))!;
      const list = await principal.client.get('/api/programmes');
      expect(list.body.map((p: Json) => p.programmeId).sort()).toEqual(role === 'admin' ? [Q, P].sort() : [P]);
    },
  );

  it.each(roles.flatMap((role) => (['token', 'person'] as const).map((kind) => [role, kind] as const)))(
    'the live websocket of a %s %s opens in its programme only',
    async (role, kind) => {
      const principal = principals.find((p) => p.label.startsWith(`${role} ${kind}`))!;
      const options = { token: principal.token ?? null, headers: principal.live };
      expect(await upgradeStatus(server.url, P, options)).toBe(101);
      expect(await upgradeStatus(server.url, Q, options)).toBe(role === 'admin' ? 101 : 403);
    },
  );

  it('a partner token needs a programme and a partner that exists in it; admin is global', async () => {
    await expect(server.tokens.create({ role: 'partner', name: 'x', partnerId: 'council' })).rejects.toThrow(
      /programme/,
    );
    await expect(
      server.tokens.create({ role: 'partner', name: 'x', partnerId: 'nobody', programmeId: P }),
    ).rejects.toThrow(/partner nobody does not exist in programme roles/);
    await expect(server.tokens.create({ role: 'admin', name: 'x', programmeId: P })).rejects.toThrow(/global/);
  });

  it('revoking a token closes its open websocket with 4401, through the admin API or the CLI', async () => {
    const { token, principal } = await server.tokens.create({ role: 'viewer', name: 'wall', programmeId: P });
    const live = new LiveClient(server.url, P, { token });
    await live.until((f) => f.some((x) => x.kind === 'heartbeat'));
    const res = await admin.request('DELETE', `/api/admin/tokens/${principal.tokenId}`);
    expect(res.status, res.text).toBe(204);
    await live.closed;
    expect(live.closeCode).toBe(4401);
    expectProblem(await server.client(token).get('/api/programmes'), 401, 'unauthorized');
    expect(await upgradeStatus(server.url, P, { token })).toBe(401);

    // Revoked from another process (the CLI writes the database): the next recheck closes it.
    const other = await server.tokens.create({ role: 'viewer', name: 'wall-2', programmeId: P });
    const second = new LiveClient(server.url, P, { token: other.token, via: 'query' });
    await second.until((f) => f.some((x) => x.kind === 'heartbeat'));
    await server.store.kysely
      .updateTable('tokens')
      .set({ revoked_at: new Date().toISOString() })
      .where('id', '=', other.principal.tokenId)
      .execute();
    await server.guard.sweep();
    await second.closed;
    expect(second.closeCode).toBe(4401);
  });

  it('withdrawing a person’s grant closes their websocket with 4403', async () => {
    const person = principals.find((p) => p.label.startsWith('viewer person'))!;
    const live = new LiveClient(server.url, P, { headers: person.live });
    await live.until((f) => f.some((x) => x.kind === 'heartbeat'));
    const grant = (await server.grants.list()).find((g) => g.email === 'viewer@people.example')!;
    expect((await admin.request('DELETE', `/api/admin/grants/${grant.id}`)).status).toBe(204);
    await server.guard.sweep();
    await live.closed;
    expect(live.closeCode).toBe(4403);
    expectProblem(await person.client.get(`/api/programmes/${P}/state`), 403, 'forbidden');
  });
});
