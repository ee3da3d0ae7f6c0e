import { SessionInfo } from '@steerlog/contract';
import type { Sessions } from '@steerlog/store';
import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SESSION_COOKIE } from '../auth.js';
import type { LiveGuard } from '../live-guard.js';
import type { OidcClient } from '../oidc.js';
import { HttpProblem } from '../problems.js';

const AUTH_COOKIE = 'steerlog_auth';
/** How long a person has at the provider's login page before the sign-in must start again. */
const SIGN_IN_MAX_AGE_MS = 10 * 60_000;
const DEFAULT_SESSION_TTL_MS = 12 * 60 * 60_000;

/** Only a path on this site: never `//elsewhere` or a full URL (an open redirect). */
const ReturnTo = z
  .string()
  .max(2000)
  .regex(/^\/(?![/\\])[^\s]*$/)
  .optional()
  .catch(undefined);

type Deps = { oidc: OidcClient | undefined; sessions: Sessions; guard: LiveGuard };

/**
 * OpenID Connect sign-in (authorization code with PKCE). The `state` travels in an HttpOnly
 * cookie as well as through the provider, so a callback opened in another browser (a forged
 * link) or with another state fails; the sign-in is taken out of the table on first use, so a
 * replayed callback fails too.
 */
export const signInRoutes: FastifyPluginAsyncZod<Deps> = async (app, { oidc, sessions, guard }) => {
  const cookieBase = { httpOnly: true, sameSite: 'lax' as const, secure: oidc?.secureCookies ?? false };
  const notConfigured = () =>
    new HttpProblem('sign_in_not_configured', 'sign-in with an identity provider is not configured; use a token');

  const callback = async (
    state: string | undefined,
    expected: string | undefined,
    url: string,
    reply: FastifyReply,
    log: FastifyBaseLogger,
  ) => {
    if (!oidc) throw notConfigured();
    reply.clearCookie(AUTH_COOKIE, { ...cookieBase, path: '/auth' });
    if (!state || !expected || state !== expected)
      throw new HttpProblem('sign_in_state_mismatch', 'this sign-in was not started in this browser: sign in again');
    const pending = await sessions.take(state, SIGN_IN_MAX_AGE_MS);
    if (!pending)
      throw new HttpProblem('sign_in_expired', 'this sign-in was already used or is too old: sign in again');
    let who;
    try {
      who = await oidc.complete(new URL(url, oidc.redirectUri), { state, ...pending });
    } catch (error) {
      log.warn({ err: error }, 'sign-in refused');
      throw new HttpProblem('sign_in_failed', 'the identity provider did not confirm this sign-in: sign in again');
    }
    const user = await sessions.upsertUser(who);
    const ttl = oidc.options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
    const session = await sessions.open(user.id, ttl);
    reply.setCookie(SESSION_COOKIE, session.cookie, { ...cookieBase, path: '/', maxAge: Math.floor(ttl / 1000) });
    return reply.redirect(pending.returnTo, 303);
  };

  app.get(
    '/auth/session',
    {
      schema: {
        summary: 'Whether sign-in is on, and the session of the cookie (with its CSRF token)',
        response: { 200: SessionInfo },
      },
    },
    async (req, reply) => {
      const cookie = req.cookies[SESSION_COOKIE];
      const session = cookie ? await sessions.find(cookie) : null;
      if (!session) return { oidc: oidc !== undefined, signedIn: false, csrfToken: null, expiresAt: null };
      req.session = { _csrf: session.csrfSecret };
      return {
        oidc: oidc !== undefined,
        signedIn: true,
        csrfToken: reply.generateCsrf(),
        expiresAt: session.expiresAt,
      };
    },
  );

  app.get(
    '/auth/login',
    {
      schema: {
        summary: 'Start signing in at the identity provider (302 to its login page)',
        querystring: z.object({ returnTo: ReturnTo }),
      },
    },
    async (req, reply) => {
      if (!oidc) throw notConfigured();
      let begun;
      try {
        begun = await oidc.begin();
      } catch (error) {
        req.log.error({ err: error }, 'identity provider unreachable');
        throw new HttpProblem('sign_in_unavailable', 'the identity provider cannot be reached; try again shortly');
      }
      const { url, codeVerifier, state, nonce } = begun;
      await sessions.begin({ state, codeVerifier, nonce, returnTo: req.query.returnTo ?? '/' }, SIGN_IN_MAX_AGE_MS);
      reply.setCookie(AUTH_COOKIE, state, { ...cookieBase, path: '/auth', maxAge: SIGN_IN_MAX_AGE_MS / 1000 });
      return reply.redirect(url.toString(), 302);
    },
  );

  app.get(
    '/auth/callback',
    {
      schema: {
        summary: 'Where the identity provider sends the browser back',
        querystring: z.looseObject({ state: z.string().max(500).optional(), code: z.string().max(4000).optional() }),
      },
    },
    async (req, reply) => {
      try {
        return await callback(req.query.state, req.cookies[AUTH_COOKIE], req.url, reply, req.log);
      } catch (error) {
        // A person's browser gets the sign-in page back, saying what went wrong; a script gets the problem.
        if (error instanceof HttpProblem && /\btext\/html\b/.test(req.headers.accept ?? ''))
          return reply.redirect(`/?signInError=${encodeURIComponent(error.code)}`, 303);
        throw error;
      }
    },
  );

  app.post(
    '/auth/logout',
    {
      // Signed in by cookie, so the CSRF check applies: any signed-in person may sign out.
      config: { allow: ['viewer', 'partner', 'coordinator', 'auditor', 'admin'], scope: 'any' },
      schema: { summary: 'End the session of the cookie' },
    },
    async (req, reply) => {
      const access = req.access;
      if (access?.kind !== 'session')
        throw new HttpProblem('invalid_body', 'sign-out ends a session; a token is revoked instead', [
          { path: '', message: 'no session cookie' },
        ]);
      await sessions.close(access.sessionId);
      guard.closeSession(access.sessionId);
      reply.clearCookie(SESSION_COOKIE, { ...cookieBase, path: '/' });
      return reply.code(204).send();
    },
  );
};
