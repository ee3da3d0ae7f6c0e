import type { Role } from '@steerlog/domain';
import type { Principal, Tokens } from '@steerlog/store';
import type { FastifyRequest } from 'fastify';
import { HttpProblem } from './problems.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Roles that may call the route; absent means public. */
    allow?: readonly Role[];
  }
}

export const everyone: readonly Role[] = ['viewer', 'partner', 'coordinator', 'auditor', 'admin'];
export const readers: readonly Role[] = ['coordinator', 'auditor', 'admin'];
export const auditors: readonly Role[] = ['auditor', 'admin'];
export const writers: readonly Role[] = ['partner', 'coordinator', 'admin'];
export const admins: readonly Role[] = ['admin'];

/** The bearer token of a request: the Authorization header, or `access_token` for websockets (browsers cannot set headers there). */
export const bearerOf = (req: FastifyRequest): string | null => {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
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

  blocked(ip: string, now = Date.now()) {
    const f = this.failures.get(ip);
    if (!f || now - f.since > this.windowMs) return false;
    return f.count >= this.limit;
  }

  fail(ip: string, now = Date.now()) {
    const f = this.failures.get(ip);
    if (!f || now - f.since > this.windowMs) this.failures.set(ip, { count: 1, since: now });
    else f.count++;
  }
}

/** Resolves the principal of a request that needs one, or refuses with 401/403/429. */
export const authorize = async (req: FastifyRequest, tokens: Tokens, limiter: FailedAuthLimiter) => {
  const allow = req.routeOptions.config.allow;
  if (!allow) return;
  const token = bearerOf(req);
  const principal = token ? await tokens.authenticate(token) : null;
  if (!principal) {
    // Only failures are limited: a valid token from an address shared with a misconfigured
    // display (one office, one NAT) still gets in.
    if (limiter.blocked(req.ip))
      throw new HttpProblem('too_many_requests', 'too many failed authentications; try again in a minute');
    limiter.fail(req.ip);
    throw new HttpProblem('unauthorized', token ? 'unknown or revoked token' : 'a bearer token is required');
  }
  req.principal = principal;
  if (!allow.includes(principal.role)) throw new HttpProblem('forbidden', `the ${principal.role} role may not do this`);
};
