import * as client from 'openid-client';

/** Sign-in through an OpenID Connect provider (contract v2 "Sign-in"), from the STEERLOG_OIDC_* settings. */
export type OidcOptions = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where people reach Steerlog, e.g. `https://steerlog.example.gov.uk`; the redirect URL is `/auth/callback` under it. */
  publicUrl: string;
  /** E-mails that are admins whatever the grants say. */
  admins: readonly string[];
  /** How long a session lasts (default 12 hours: a working day, then sign in again). */
  sessionTtlMs?: number;
};

/** The sign-in settings from the environment; undefined (token sign-in only) unless all four are set. */
export const oidcFromEnv = (env: NodeJS.ProcessEnv): OidcOptions | undefined => {
  const issuer = env['STEERLOG_OIDC_ISSUER'];
  const clientId = env['STEERLOG_OIDC_CLIENT_ID'];
  const clientSecret = env['STEERLOG_OIDC_CLIENT_SECRET'];
  const publicUrl = env['STEERLOG_PUBLIC_URL'];
  if (!issuer || !clientId || !clientSecret || !publicUrl) return undefined;
  return {
    issuer,
    clientId,
    clientSecret,
    publicUrl,
    admins: (env['STEERLOG_OIDC_ADMINS'] ?? '')
      .split(',')
      .map((e) => e.trim().toLowerCase())
      .filter((e) => e !== ''),
  };
};

const loopback = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The relying party. The provider's metadata is discovered on first use (and again after a
 * failure), so Steerlog starts while the provider is unreachable. Plain http is accepted only
 * for a provider on this machine (tests, development).
 */
export class OidcClient {
  private config: Promise<client.Configuration> | null = null;
  readonly redirectUri: string;
  readonly secureCookies: boolean;

  constructor(readonly options: OidcOptions) {
    const publicUrl = new URL(options.publicUrl);
    this.redirectUri = new URL('/auth/callback', publicUrl).toString();
    this.secureCookies = publicUrl.protocol === 'https:';
  }

  get publicOrigin() {
    return new URL(this.options.publicUrl).origin;
  }

  configuration(): Promise<client.Configuration> {
    if (!this.config) {
      const issuer = new URL(this.options.issuer);
      const insecure = issuer.protocol === 'http:' && loopback.has(issuer.hostname);
      this.config = client.discovery(
        issuer,
        this.options.clientId,
        this.options.clientSecret,
        undefined,
        insecure ? { execute: [client.allowInsecureRequests] } : undefined,
      );
      this.config.catch(() => (this.config = null));
    }
    return this.config;
  }

  /** Starts a sign-in: the provider URL to send the browser to, and what the callback must match. */
  async begin() {
    const config = await this.configuration();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url, codeVerifier, state, nonce };
  }

  /**
   * Completes a sign-in from the callback URL: exchanges the code (with the PKCE verifier),
   * checks the ID token (signature, issuer, audience, nonce) and returns who signed in.
   */
  async complete(callbackUrl: URL, checks: { state: string; nonce: string; codeVerifier: string }) {
    const config = await this.configuration();
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error('the provider sent no ID token');
    // Entra ID sends `email` only when the optional claim is configured; its `preferred_username` is the UPN.
    const email = [claims['email'], claims['preferred_username']].find(
      (v): v is string => typeof v === 'string' && v.includes('@'),
    );
    if (!email) throw new Error('the ID token carries no e-mail (claims email or preferred_username)');
    const name = typeof claims['name'] === 'string' && claims['name'] !== '' ? claims['name'] : email;
    return { issuer: claims.iss, subject: claims.sub, email: email.toLowerCase(), name };
  }
}
