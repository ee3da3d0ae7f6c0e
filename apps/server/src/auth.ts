import type { Role, RoleGrant } from '@steerlog/domain';
import { grantsIn, strongestGrant } from '@steerlog/domain';
import type { Grant, Grants, Principal, Sessions, Tokens } from '@steerlog/store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpProblem } from './problems.js';

/**
 * Who is asking and every grant they hold: a bearer token (one grant) or a person signed in
 * with the session cookie (the grants made to their e-mail, and admin if listed in
 * STEERLOG_OIDC_ADMINS).
 */
export type Access =
  | { kind: 'token'; tokenId: string; name: string; grants: Grant[] }
  | {
      kind: 'session';
      sessionId: string;
      userId: string;
      email: string;
      name: string;
      csrfSecret: string;
      grants: Grant[];
    };

declare module 'fastify' {
  interface FastifyRequest {
    /** The grant this request acts under (the first of the applicable ones that the route allows). */
    principal: Principal | null;
    access: Access | null;
    /** Read by @fastify/csrf-protection (sessionPlugin '@fastify/session'): the session's CSRF secret. */
    session: { _csrf?: string } | null;
  }
  interface FastifyContextConfig {
    /** Roles that may call the route; absent means public. */
    allow?: readonly Role[];
    /**
     * Where the rights must hold: `programme` (the `:programmeId` of the path; the default when
     * the path has one), `global` (rights in every programme; the default otherwise), or
     * `any` (signed in is enough: the route itself shows only what the grants reach).
     */
    scope?: 'programme' | 'global' | 'any';
  }
}

export const everyone: readonly Role[] = ['viewer', 'partner', 'coordinator', 'auditor', 'admin'];
export const readers: readonly Role[] = ['coordinator', 'auditor', 'admin'];
export const auditors: readonly Role[] = ['auditor', 'admin'];
export const writers: readonly Role[] = ['partner', 'coordinator', 'admin'];
export const admins: readonly Role[] = ['admin'];

export const SESSION_COOKIE = 'steerlog_session';

/**
 * The bearer token of a request: the Authorization header (the scheme in any case, RFC 9110), or
 * `access_token` for websockets (browsers cannot set headers there).
 */
export const bearerOf = (req: FastifyRequest): string | null => {
  const match = /^bearer[ \t]+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (match?.[1]) return match[1];
  const query = req.query as Record<string, unknown> | undefined;
  const fromQuery = query?.['access_token'];
  return typeof fromQuery === 'string' && req.ws ? fromQuery : null;
};

/**
 * Failed authentications per client address, so guessing tokens is slow. A fixed window is
 * enough here: tokens are 256 random bits, the limit only keeps logs and CPU quiet.
 */
export class FailedAuthLimiter {
  private readonly failures = new Map<string, { count: number; since: number }>();
  constructor(
    private readonly limit = 20,
    private readonly windowMs = 60_000,
  ) {}

  /** Seconds until `ip` may try again, or 0 when it is not blocked. */
  retryAfter(ip: string, now = Date.now()) {
    const f = this.failures.get(ip);
    if (!f || now - f.since > this.windowMs || f.count < this.limit) return 0;
    return Math.max(1, Math.ceil((f.since + this.windowMs - now) / 1000));
  }

  blocked(ip: string, now = Date.now()) {
    return this.retryAfter(ip, now) > 0;
  }

  fail(ip: string, now = Date.now()) {
    const f = this.failures.get(ip);
    if (!f || now - f.since > this.windowMs) this.failures.set(ip, { count: 1, since: now });
    else f.count++;
  }
}

export type AuthDeps = {
  tokens: Tokens;
  sessions: Sessions;
  grants: Grants;
  /** Lower-case e-mails that are admins whatever the grants say (STEERLOG_OIDC_ADMINS). */
  adminEmails: ReadonlySet<string>;
  limiter: FailedAuthLimiter;
};

const cookieOf = (req: FastifyRequest, name: string): string | undefined =>
  (req as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies?.[name];

/** The grants of a signed-in person: theirs by e-mail, plus global admin for a bootstrap admin. */
export const grantsOfUser = async (deps: Pick<AuthDeps, 'grants' | 'adminEmails'>, email: string) => {
  const grants = await deps.grants.of(email);
  return deps.adminEmails.has(email.toLowerCase())
    ? [{ role: 'admin' as const, programmeId: null, partnerId: null }, ...grants]
    : grants;
};

/** The access of a request's credential (bearer token first, then the session cookie), or null. */
export const resolveAccess = async (req: FastifyRequest, deps: AuthDeps): Promise<Access | null | 'bad'> => {
  const token = bearerOf(req);
  if (token) {
    const p = await deps.tokens.authenticate(token);
    if (!p) return 'bad';
    return {
      kind: 'token',
      tokenId: p.tokenId,
      name: p.name,
      grants: [{ role: p.role, programmeId: p.programmeId, partnerId: p.partnerId }],
    };
  }
  const cookie = cookieOf(req, SESSION_COOKIE);
  if (!cookie) return null;
  const session = await deps.sessions.find(cookie);
  if (!session) return 'bad';
  return {
    kind: 'session',
    sessionId: session.id,
    userId: session.user.id,
    email: session.user.email,
    name: session.user.name,
    csrfSecret: session.csrfSecret,
    grants: await grantsOfUser(deps, session.user.email),
  };
};

/** The grant a request acts under: identity (for the actor and idempotency) plus the grant's rights. */
export const principalOf = (access: Access, grant: RoleGrant): Principal => ({
  tokenId: access.kind === 'token' ? access.tokenId : `user:${access.userId}`,
  name: access.kind === 'token' ? access.name : access.email,
  role: grant.role,
  programmeId: grant.programmeId,
  partnerId: grant.partnerId,
});

const programmeOf = (req: FastifyRequest): string | null => {
  const id = (req.params as Record<string, unknown> | undefined)?.['programmeId'];
  return typeof id === 'string' ? id : null;
};

/** Whether `access` may use a route allowing `allow` in `programmeId` (null: a global route). */
export const grantFor = (access: Access, allow: readonly Role[], programmeId: string | null) =>
  grantsIn(access.grants, programmeId).find((g) => allow.includes(g.role));

const limited = (reply: FastifyReply, seconds: number) => {
  reply.header('retry-after', String(seconds));
  return new HttpProblem('too_many_requests', `too many failed authentications; try again in ${seconds} s`);
};

/** Resolves the principal of a request that needs one, or refuses with 401/403/429. */
export const authorize = async (req: FastifyRequest, reply: FastifyReply, deps: AuthDeps) => {
  const { allow, scope: declared } = req.routeOptions.config;
  if (!allow) return;
  const access = await resolveAccess(req, deps);
  if (access === null || access === 'bad') {
    // Only failures are limited: a valid token from an address shared with a misconfigured
    // display (one office, one NAT) still gets in.
    const wait = deps.limiter.retryAfter(req.ip);
    if (wait > 0) throw limited(reply, wait);
    deps.limiter.fail(req.ip);
    throw new HttpProblem(
      'unauthorized',
      access === 'bad'
        ? 'unknown or revoked token, or the session has ended'
        : 'a bearer token or a session is required',
    );
  }
  req.access = access;
  if (access.kind === 'session') req.session = { _csrf: access.csrfSecret };
  const programmeId = programmeOf(req);
  const scope = declared ?? (programmeId === null ? 'global' : 'programme');
  if (scope === 'any') {
    const best = strongestGrant(access.grants.filter((g) => allow.includes(g.role)));
    req.principal = best ? principalOf(access, best) : null;
    return;
  }
  const grant = grantFor(access, allow, scope === 'programme' ? programmeId : null);
  if (!grant) {
    const holds = grantsIn(access.grants, scope === 'programme' ? programmeId : null)[0];
    throw new HttpProblem(
      'forbidden',
      holds
        ? `the ${holds.role} role may not do this`
        : scope === 'programme'
          ? `no rights in programme ${programmeId ?? ''}`
          : 'this needs rights in every programme',
    );
  }
  req.principal = principalOf(access, grant);
};

/** Methods that change nothing, which need no CSRF token. */
export const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
