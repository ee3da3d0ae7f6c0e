import { baseline } from '@steerlog/domain/testing';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json, TestServer } from './http.js';
import { expectProblem, startTestServer } from './http.js';
import type { OidcTestProvider } from './oidc-provider.js';
import { CookieJar, freePort, signInAtProvider, startOidcProvider } from './oidc-provider.js';

const P = 'roles';
const Q = 'other';
const users = [
  { login: 'alice', email: 'Alice@Council.example', name: 'Alice Coordinator' },
  { login: 'bob', email: 'bob@nhs.example', name: 'Bob Viewer' },
  { login: 'carol', email: 'carol@nowhere.example', name: 'Carol Nobody' },
  { login: 'root', email: 'root@it.example', name: 'Root Admin' },
];

let provider: OidcTestProvider;
let server: TestServer;

beforeAll(async () => {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  provider = await startOidcProvider({ users, redirectUris: [`${publicUrl}/auth/callback`] });
  server = await startTestServer({
    port,
    oidc: {
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      publicUrl,
      admins: ['root@it.example'],
    },
  });
  const admin = await server.as('admin');
  await admin.record(P, baseline());
  await admin.record(Q, [{ type: 'LaunchProgramme', data: { name: 'Other' } }]);
  await server.grants.create({ email: 'alice@council.example', role: 'coordinator', programmeId: P });
  await server.grants.create({ email: 'bob@nhs.example', role: 'viewer', programmeId: Q });
});
afterAll(async () => {
  await server?.stop();
  await provider?.stop();
});

/** Signs `login` in through the provider's login page and returns the browser's cookie jar. */
const signedIn = async (login: string) => {
  const jar = new CookieJar();
  const callback = await signInAtProvider(jar, server.url, login, '/p/roles');
  const res = await jar.fetch(callback);
  expect(res.status, await res.clone().text()).toBe(303);
  expect(res.headers.get('location')).toBe('/p/roles');
  return { jar, setCookie: res.headers.getSetCookie() };
};

const call = async (
  jar: CookieJar,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) => {
  const res = await jar.fetch(`${server.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const json: Json = /json/.test(res.headers.get('content-type') ?? '') && text ? JSON.parse(text) : undefined;
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, body: json };
};

const csrfOf = async (jar: CookieJar) => {
  const info = await call(jar, 'GET', '/auth/session');
  expect(info.body).toMatchObject({ oidc: true, signedIn: true });
  return info.body.csrfToken as string;
};

const rag = (rating: string) => ({
  type: 'ChangeRag',
  data: { subject: { kind: 'programme' }, rag: rating, reason: 'Signed-in change' },
});

describe('sign-in through the OpenID Connect provider', () => {
  it('signs a person in: an HttpOnly, SameSite=Lax session cookie, their grants, only their programmes', async () => {
    const { jar, setCookie } = await signedIn('alice');
    const cookie = setCookie.find((c) => c.startsWith('steerlog_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    const who = await call(jar, 'GET', `/api/whoami?programmeId=${P}`);
    expect(who.body).toEqual({
      kind: 'session',
      name: 'Alice Coordinator',
      email: 'alice@council.example',
      role: 'coordinator',
      partnerId: null,
      grants: [{ role: 'coordinator', programmeId: P, partnerId: null }],
    });
    const list = await call(jar, 'GET', '/api/programmes');
    expect(list.body.map((p: Json) => p.programmeId)).toEqual([P]);
    expectProblem(await call(jar, 'GET', `/api/programmes/${Q}/state`), 403, 'forbidden');
  });

  it('records a command made with the cookie and its CSRF token, under the person’s e-mail', async () => {
    const { jar } = await signedIn('alice');
    const res = await call(jar, 'POST', `/api/programmes/${P}/commands`, rag('amber'), {
      'x-csrf-token': await csrfOf(jar),
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.events[0].actor).toBe('alice@council.example');
  });

  it('refuses a write made with the cookie but without the CSRF token (403), appending nothing', async () => {
    const { jar } = await signedIn('alice');
    const before = server.store.headPosition;
    expectProblem(await call(jar, 'POST', `/api/programmes/${P}/commands`, rag('red')), 403, 'csrf_token_invalid');
    expectProblem(
      await call(jar, 'POST', `/api/programmes/${P}/commands`, rag('red'), { 'x-csrf-token': 'forged-token' }),
      403,
      'csrf_token_invalid',
    );
    // Another person's token does not fit this session either.
    const other = await signedIn('alice');
    expectProblem(
      await call(jar, 'POST', `/api/programmes/${P}/commands`, rag('red'), { 'x-csrf-token': await csrfOf(other.jar) }),
      403,
      'csrf_token_invalid',
    );
    expect(server.store.headPosition).toBe(before);
  });

  it('gives a person rights in the programmes granted to their e-mail only', async () => {
    const { jar } = await signedIn('bob');
    expect((await call(jar, 'GET', '/api/programmes')).body.map((p: Json) => p.programmeId)).toEqual([Q]);
    expect((await call(jar, 'GET', `/api/programmes/${Q}/state`)).status).toBe(200);
    expectProblem(await call(jar, 'GET', `/api/programmes/${P}/state`), 403, 'forbidden');
    expectProblem(
      await call(jar, 'POST', `/api/programmes/${Q}/commands`, rag('red'), { 'x-csrf-token': await csrfOf(jar) }),
      403,
      'forbidden',
    );
  });

  it('lets a person with no grant sign in, see nothing and do nothing', async () => {
    const { jar } = await signedIn('carol');
    expect((await call(jar, 'GET', '/api/whoami')).body).toMatchObject({ role: null, grants: [] });
    expect((await call(jar, 'GET', '/api/programmes')).body).toEqual([]);
    expectProblem(await call(jar, 'GET', `/api/programmes/${P}/state`), 403, 'forbidden');
  });

  it('makes the STEERLOG_OIDC_ADMINS e-mails admins', async () => {
    const { jar } = await signedIn('root');
    expect((await call(jar, 'GET', '/api/whoami')).body).toMatchObject({ role: 'admin' });
    const tokens = await call(jar, 'GET', '/api/admin/tokens');
    expect(tokens.status, tokens.text).toBe(200);
    const users = await call(jar, 'GET', '/api/admin/users');
    expect(users.body.users.find((u: Json) => u.email === 'alice@council.example')).toMatchObject({
      admin: false,
      grants: [{ role: 'coordinator', programmeId: P, partnerId: null }],
    });
    expect(users.body.users.find((u: Json) => u.email === 'root@it.example')).toMatchObject({ admin: true });
  });

  it('refuses a replayed callback: a sign-in is used once', async () => {
    const jar = new CookieJar();
    const callback = await signInAtProvider(jar, server.url, 'alice');
    const state = new URL(callback).searchParams.get('state')!;
    expect((await jar.fetch(callback)).status).toBe(303);
    // The attacker has the whole URL and the browser's state cookie too.
    jar.set(server.url, 'steerlog_auth', state);
    const again = await jar.fetch(callback);
    expectProblem({ ...(await read(again)) }, 400, 'sign_in_expired');
  });

  it('refuses a callback whose state does not match the browser’s', async () => {
    const jar = new CookieJar();
    const callback = new URL(await signInAtProvider(jar, server.url, 'alice'));
    const tampered = new URL(callback);
    tampered.searchParams.set('state', 'not-the-state');
    expectProblem(await read(await jar.fetch(tampered.toString())), 400, 'sign_in_state_mismatch');
    // The genuine callback opened in another browser (a link sent to a victim) fails too.
    expectProblem(await read(await new CookieJar().fetch(callback.toString())), 400, 'sign_in_state_mismatch');
  });

  it('sends a person’s browser back to the sign-in page saying why, rather than a problem document', async () => {
    const jar = new CookieJar();
    const callback = new URL(await signInAtProvider(jar, server.url, 'alice'));
    callback.searchParams.set('state', 'not-the-state');
    const res = await jar.fetch(callback.toString(), { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/?signInError=sign_in_state_mismatch');
  });

  it('refuses a forged callback: a code the provider never issued', async () => {
    const jar = new CookieJar();
    const login = await jar.fetch(`${server.url}/auth/login`);
    const state = new URL(login.headers.get('location')!).searchParams.get('state')!;
    const forged = new URL('/auth/callback', server.url);
    forged.search = new URLSearchParams({ code: 'forged-code', state, iss: provider.issuer }).toString();
    const before = await server.sessions.users();
    expectProblem(await read(await jar.fetch(forged.toString())), 401, 'sign_in_failed');
    expect(jar.get(server.url, 'steerlog_session')).toBeUndefined();
    expect(await server.sessions.users()).toEqual(before);
  });

  it('refuses an expired session (401), and its CSRF token with it', async () => {
    const { jar } = await signedIn('alice');
    const csrf = await csrfOf(jar);
    await server.store.kysely
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    expectProblem(await call(jar, 'GET', '/api/whoami'), 401, 'unauthorized');
    expectProblem(
      await call(jar, 'POST', `/api/programmes/${P}/commands`, rag('green'), { 'x-csrf-token': csrf }),
      401,
      'unauthorized',
    );
    expect((await call(jar, 'GET', '/auth/session')).body).toMatchObject({ signedIn: false, csrfToken: null });
  });

  it('signs out: the cookie stops working and the open websocket closes with 4401', async () => {
    const { jar } = await signedIn('alice');
    const csrf = await csrfOf(jar);
    const url = `${server.url.replace('http', 'ws')}/api/programmes/${P}/live`;
    // From another site, a websocket with the cookie is refused.
    const foreign = await upgrade(url, jar.header(server.url), 'http://evil.example');
    expect(foreign.status).toBe(403);
    const socket = new WebSocket(url, { headers: { cookie: jar.header(server.url), origin: server.url } });
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    await new Promise((resolve, reject) => {
      socket.once('message', resolve);
      socket.once('error', reject);
    });
    expectProblem(await call(jar, 'POST', '/auth/logout'), 403, 'csrf_token_invalid');
    const out = await call(jar, 'POST', '/auth/logout', undefined, { 'x-csrf-token': csrf });
    expect(out.status, out.text).toBe(204);
    expect(await closed).toBe(4401);
    expectProblem(await call(jar, 'GET', '/api/whoami'), 401, 'unauthorized');
  });
});

describe('without an identity provider configured', () => {
  let plain: TestServer;
  beforeAll(async () => {
    plain = await startTestServer();
  });
  afterAll(() => plain.stop());

  it('offers token sign-in only', async () => {
    expect((await plain.client(null).get('/auth/session')).body).toEqual({
      oidc: false,
      signedIn: false,
      csrfToken: null,
      expiresAt: null,
    });
    expectProblem(await plain.client(null).get('/auth/login'), 404, 'sign_in_not_configured');
    expectProblem(await plain.client(null).get('/auth/callback?code=x&state=y'), 404, 'sign_in_not_configured');
  });
});

describe('with the identity provider down', () => {
  let orphan: TestServer;
  beforeAll(async () => {
    const closed = await freePort();
    orphan = await startTestServer({
      oidc: {
        issuer: `http://127.0.0.1:${closed}`,
        clientId: 'x',
        clientSecret: 'y',
        publicUrl: 'http://127.0.0.1:1',
        admins: [],
      },
    });
  });
  afterAll(() => orphan.stop());

  it('starts, serves tokens, and answers sign-in with 503', async () => {
    expectProblem(await orphan.client(null).get('/auth/login'), 503, 'sign_in_unavailable');
    expect((await (await orphan.as('viewer')).get('/api/programmes')).status).toBe(200);
  });
});

describe('behind https', () => {
  let secure: TestServer;
  beforeAll(async () => {
    secure = await startTestServer({
      oidc: {
        issuer: provider.issuer,
        clientId: provider.clientId,
        clientSecret: provider.clientSecret,
        publicUrl: 'https://steerlog.example.gov.uk',
        admins: [],
      },
    });
  });
  afterAll(() => secure.stop());

  it('marks the sign-in cookie Secure and sends the provider the https redirect URL', async () => {
    const res = await fetch(`${secure.url}/auth/login`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.getSetCookie().find((c) => c.startsWith('steerlog_auth='))).toMatch(/Secure/i);
    expect(new URL(res.headers.get('location')!).searchParams.get('redirect_uri')).toBe(
      'https://steerlog.example.gov.uk/auth/callback',
    );
  });
});

const read = async (res: Response) => {
  const text = await res.text();
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    text,
    body: text ? JSON.parse(text) : undefined,
  };
};

const upgrade = (url: string, cookie: string, origin: string) =>
  new Promise<{ status: number }>((resolve, reject) => {
    const socket = new WebSocket(url, { headers: { cookie, origin } });
    socket.once('open', () => {
      socket.close();
      resolve({ status: 101 });
    });
    socket.once('unexpected-response', (req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      req.destroy();
    });
    socket.once('error', reject);
  });
