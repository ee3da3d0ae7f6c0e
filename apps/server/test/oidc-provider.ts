import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import Provider from 'oidc-provider';

/** A port free right now, so the provider can be told Steerlog's redirect URL before Steerlog starts. */
export const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

export type TestUser = { login: string; email: string; name: string };

/**
 * A real OpenID Connect provider (the `oidc-provider` package) on 127.0.0.1 and a free port,
 * with one confidential client and the given users. Its own development login page signs in
 * any user by login name (the password is not checked); consent is given for the client, as an
 * organisation's provider does for an app its IT team registered. `stop` closes it.
 */
export const startOidcProvider = async (options: {
  users: readonly TestUser[];
  redirectUris: readonly string[];
  clientId?: string;
  clientSecret?: string;
}) => {
  const clientId = options.clientId ?? 'steerlog-test';
  const clientSecret = options.clientSecret ?? 'steerlog-test-secret-0123456789abcdef';
  const byLogin = new Map(options.users.map((u) => [u.login, u]));
  // Listening first: the issuer URL names the port, and the client's redirect URLs name Steerlog's.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [...options.redirectUris],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // Claims in the ID token itself, as Entra ID puts them there (no userinfo call needed).
    conformIdTokenClaims: false,
    findAccount: (_ctx, id) => {
      const user = byLogin.get(id);
      if (!user) return undefined;
      return {
        accountId: id,
        claims: () => ({ sub: id, email: user.email, email_verified: true, name: user.name }),
      };
    },
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { session, client, provider } = ctx.oidc;
      if (!session?.accountId || !client) return undefined;
      const existing = session.grantIdFor(client.clientId);
      if (existing) return provider.Grant.find(existing);
      const grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      session.grantIdFor(client.clientId, grant.jti);
      return grant;
    },
    // A signing key of its own for each run (the package's built-in one is for quick starts).
    jwks: {
      keys: [
        {
          ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
          use: 'sig',
          kid: 'test',
        },
      ],
    },
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    cookies: { keys: ['steerlog-test-cookie-key-0123456789'] },
    ttl: { Session: 600, Interaction: 600, Grant: 600, AuthorizationCode: 60, IdToken: 600, AccessToken: 600 },
  };
  const provider = new Provider(issuer, configuration);
  const handle = provider.callback();
  server.on('request', (req, res) => void handle(req, res));
  return {
    issuer,
    clientId,
    clientSecret,
    provider,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
export type OidcTestProvider = Awaited<ReturnType<typeof startOidcProvider>>;

/** Cookies per origin, as a browser keeps them (enough for these flows: no expiry or path rules). */
export class CookieJar {
  private readonly jars = new Map<string, Map<string, string>>();

  header(url: string) {
    const jar = this.jars.get(new URL(url).origin);
    return jar ? [...jar].map(([k, v]) => `${k}=${v}`).join('; ') : '';
  }

  get(url: string, name: string) {
    return this.jars.get(new URL(url).origin)?.get(name);
  }

  set(url: string, name: string, value: string) {
    const origin = new URL(url).origin;
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    this.jars.set(origin, jar);
    jar.set(name, value);
  }

  take(url: string, res: Response) {
    const origin = new URL(url).origin;
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    this.jars.set(origin, jar);
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
  }

  /** `fetch` that sends and keeps this jar's cookies and never follows redirects. */
  async fetch(url: string, init: RequestInit = {}) {
    const cookie = this.header(url);
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string> | undefined), ...(cookie ? { cookie } : {}) },
    });
    this.take(url, res);
    return res;
  }
}

/**
 * Walks a browser through sign-in: Steerlog's `/auth/login`, the provider's login form (filled
 * with `login`), back to the callback URL, which is returned unopened so a test can open it,
 * open it twice, or tamper with it.
 */
export const signInAtProvider = async (jar: CookieJar, steerlogUrl: string, login: string, returnTo = '/') => {
  let res = await jar.fetch(`${steerlogUrl}/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
  if (res.status !== 302) throw new Error(`/auth/login answered ${res.status}: ${await res.text()}`);
  let url = new URL(res.headers.get('location')!, steerlogUrl).toString();
  for (let hop = 0; hop < 10; hop++) {
    if (url.startsWith(`${steerlogUrl}/auth/callback`)) return url;
    res = await jar.fetch(url);
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url).toString();
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (res.status !== 200 || !action || !html.includes('name="login"'))
      throw new Error(`expected the provider's login page at ${url}, got ${res.status}: ${html.slice(0, 300)}`);
    res = await jar.fetch(new URL(action, url).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prompt: 'login', login, password: 'any' }).toString(),
    });
    if (res.status < 300 || res.status >= 400)
      throw new Error(`login form answered ${res.status}: ${await res.text()}`);
    url = new URL(res.headers.get('location')!, url).toString();
  }
  throw new Error('too many redirects signing in');
};
