import { existsSync } from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrfProtection from '@fastify/csrf-protection';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import { DomainError } from '@steerlog/domain';
import type { Checkpointer, Grants, Queries, Sessions, Store, Tokens } from '@steerlog/store';
import { AccessError, StoreError } from '@steerlog/store';
import type { FastifyError, FastifyServerOptions } from 'fastify';
import Fastify from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { AuthDeps } from './auth.js';
import { authorize, FailedAuthLimiter, safeMethods } from './auth.js';
import { problemOnClientError } from './client-error.js';
import type { Health } from './health.js';
import { readOnlyReason } from './health.js';
import type { LiveGuard } from './live-guard.js';
import type { LiveHub } from './live-hub.js';
import type { OidcClient } from './oidc.js';
import { HttpProblem, sendProblem } from './problems.js';
import { ReadCache } from './read-cache.js';
import { adminRoutes } from './routes/admin.js';
import { auditRoutes } from './routes/audit.js';
import { commandRoutes } from './routes/commands.js';
import { evidenceRoutes } from './routes/evidence.js';
import { healthRoutes } from './routes/health.js';
import { liveRoutes } from './routes/live.js';
import { programmeRoutes } from './routes/programmes.js';
import { paperRoutes } from './routes/papers.js';
import { reportRoutes } from './routes/reports.js';
import { roundRoutes } from './routes/rounds.js';
import type { Reminders } from './reminders/reminders.js';
import { signInRoutes } from './routes/sign-in.js';
import { webRoutes } from './routes/web.js';
import { whoamiRoutes } from './routes/whoami.js';

export type AppDeps = {
  store: Store;
  queries: Queries;
  tokens: Tokens;
  sessions: Sessions;
  grants: Grants;
  /** Sign-in through an identity provider; without it, tokens only. */
  oidc?: OidcClient | undefined;
  hub: LiveHub;
  guard: LiveGuard;
  health: Health;
  /** Signs checkpoints of the chain head (on demand through the audit routes). */
  checkpointer: Checkpointer;
  /** Reporting reminders by e-mail (the coordinator's button; the schedule runs in the server). */
  reminders: Reminders;
  /** Folder of the built web client; the API runs without it. */
  webRoot?: string | undefined;
  logger?: FastifyServerOptions['logger'];
};

export const BODY_LIMIT = 64 * 1024;

/**
 * Never let a token reach a log line: websocket URLs carry one in `access_token`, and the link that
 * opens the web client carries one in `token`. Keys are compared decoded, as the server reads them.
 */
const secretParams = new Set(['access_token', 'token', 'code', 'state']);
const redactUrl = (url: string) => {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const key of new Set(params.keys())) if (secretParams.has(key)) params.set(key, 'redacted');
  return `${url.slice(0, q)}?${params.toString()}`;
};

/** Headers for every response; the strict CSP suits the web client (no inline script or style). */
const securityHeaders: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** Builds the Fastify app (no listening): plugins per route area, zod for validation and OpenAPI. */
export const buildApp = async (deps: AppDeps) => {
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    logger: deps.logger ?? false,
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    clientErrorHandler: problemOnClientError,
    // A path that is not valid percent-encoding never reaches a route: it still gets a problem document.
    frameworkErrors: (error, _req, reply) => {
      void sendProblem(reply, 'invalid_path', error.message, [
        { path: '', message: 'the path is not valid percent-encoding' },
      ]);
    },
    ...(deps.logger && typeof deps.logger === 'object'
      ? {
          logger: {
            ...deps.logger,
            serializers: {
              req: (req: { method: string; url: string; id: string }) => ({
                method: req.method,
                url: redactUrl(req.url),
                reqId: req.id,
              }),
              // @fastify/websocket logs the URL of an upgrade to a route that is not a websocket as `path`.
              path: (path: unknown) => (typeof path === 'string' ? redactUrl(path) : path),
            },
          },
        }
      : {}),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('principal', null);
  app.decorateRequest('access', null);
  app.decorateRequest('session', null);

  app.addHook('onSend', async (req, reply) => {
    // The API docs page runs its own inline scripts; everything else gets the strict policy.
    for (const [name, value] of Object.entries(securityHeaders))
      if (!(name === 'content-security-policy' && req.url.startsWith('/docs'))) reply.header(name, value);
  });

  app.setErrorHandler((error: FastifyError | DomainError | StoreError | HttpProblem, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where =
        error.validationContext === 'body'
          ? 'invalid_body'
          : error.validationContext === 'params'
            ? 'invalid_path'
            : error.validationContext === 'headers'
              ? 'invalid_header'
              : 'invalid_query';
      // The provider's issue type does not resolve here, so name the two fields used.
      const issues = error.validation as unknown as { instancePath: string; message: string }[];
      const errors = issues.map((v) => ({ path: v.instancePath.slice(1).replaceAll('/', '.'), message: v.message }));
      return sendProblem(reply, where, `the request's ${error.validationContext ?? 'input'} is not valid`, errors);
    }
    if (error instanceof DomainError) {
      const errors = error.code === 'occurred_in_future' ? [{ path: 'occurredAt', message: error.message }] : undefined;
      return sendProblem(
        reply,
        error.code === 'occurred_in_future' ? 'invalid_body' : error.code,
        error.message,
        errors,
      );
    }
    if (error instanceof HttpProblem) return sendProblem(reply, error.code, error.message, error.errors);
    if (error instanceof StoreError)
      // An import names its bad line; the line is the field at fault.
      return sendProblem(
        reply,
        error.code,
        error.message,
        error.code === 'import_invalid'
          ? [{ path: error.message.split(':')[0] ?? '', message: error.message }]
          : undefined,
      );
    if (error instanceof AccessError)
      return sendProblem(
        reply,
        error.code === 'invalid_grant' ? 'invalid_body' : error.code,
        error.message,
        error.code === 'invalid_grant' ? [{ path: '', message: error.message }] : undefined,
      );
    switch (error.code) {
      case 'FST_CSRF_MISSING_SECRET':
      case 'FST_CSRF_INVALID_TOKEN':
        return sendProblem(reply, 'csrf_token_invalid', 'a write made with the session cookie needs its X-CSRF-Token');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendProblem(reply, 'body_too_large', `the body is over ${BODY_LIMIT / 1024} KiB`);
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendProblem(reply, 'unsupported_media_type', 'send application/json');
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return sendProblem(reply, 'invalid_body', 'the body is not valid JSON', [
          { path: '', message: 'not valid JSON' },
        ]);
    }
    if (
      error.statusCode !== undefined &&
      error.statusCode >= 400 &&
      error.statusCode < 500 &&
      error instanceof SyntaxError
    )
      return sendProblem(reply, 'invalid_body', 'the body is not valid JSON', [
        { path: '', message: 'not valid JSON' },
      ]);
    if (error.statusCode === 400) return sendProblem(reply, 'invalid_body', 'the request is not valid');
    // The database file cannot be written (permissions, a read-only mount): the request was fine.
    const readOnly = readOnlyReason(error);
    if (readOnly) {
      deps.health.markReadOnly(readOnly);
      return sendProblem(reply, 'store_read_only', 'the database is read-only: nothing was recorded');
    }
    req.log.error({ err: error }, 'unhandled error');
    return sendProblem(
      reply,
      'internal_error',
      'something went wrong on our side; nothing was recorded unless a 201 said so',
    );
  });
  app.setNotFoundHandler((req, reply) =>
    sendProblem(reply, 'not_found', `no route for ${req.method} ${req.url.split('?')[0]}`),
  );

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Steerlog API',
        description: 'Event-sourced tracker for partnership programmes. See contract.md.',
        version: '1.0.0',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          // Signed in through the identity provider (/auth/login); writes also need X-CSRF-Token.
          session: { type: 'apiKey', in: 'cookie', name: 'steerlog_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  await app.register(fastifyWebsocket, { options: { maxPayload: 4096 } });
  // Added after the websocket plugin, whose own onRequest hook sets `req.ws`: `bearerOf` needs it
  // to accept `?access_token=`, and a refused upgrade needs it to have its socket closed.
  await app.register(fastifyCookie);
  await app.register(fastifyCsrfProtection, {
    sessionPlugin: '@fastify/session',
    getToken: (req) => {
      const value = req.headers['x-csrf-token'];
      return typeof value === 'string' ? value : undefined;
    },
  });
  const adminEmails = new Set(deps.oidc?.options.admins ?? []);
  const auth: AuthDeps = {
    tokens: deps.tokens,
    sessions: deps.sessions,
    grants: deps.grants,
    adminEmails,
    limiter: new FailedAuthLimiter(),
  };
  app.addHook('onRequest', async (req, reply) => authorize(req, reply, auth));
  // A request signed in by cookie could have been sent by another site the person has open:
  // writes need the session's CSRF token, and a websocket must come from our own origin.
  app.addHook('onRequest', (req, reply, done) => {
    if (req.access?.kind !== 'session') return done();
    if (req.ws) {
      const origin = req.headers.origin;
      const ours = deps.oidc?.publicOrigin ?? `${req.protocol}://${req.host}`;
      if (origin !== ours)
        return done(new HttpProblem('forbidden', 'a websocket signed in by cookie must come from this site'));
      return done();
    }
    if (safeMethods.has(req.method)) return done();
    app.csrfProtection(req, reply, done);
  });

  await app.register(healthRoutes, { health: deps.health });
  await app.register(signInRoutes, { oidc: deps.oidc, sessions: deps.sessions, guard: deps.guard });
  await app.register(adminRoutes, {
    prefix: '/api/admin',
    tokens: deps.tokens,
    grants: deps.grants,
    sessions: deps.sessions,
    guard: deps.guard,
    adminEmails,
  });
  // One cache of serialised reads for the app: the erasure route empties it.
  const cache = new ReadCache();
  await app.register(programmeRoutes, { prefix: '/api/programmes', queries: deps.queries, cache });
  await app.register(commandRoutes, { prefix: '/api/programmes', store: deps.store });
  await app.register(evidenceRoutes, { prefix: '/api/programmes', store: deps.store, queries: deps.queries });
  await app.register(reportRoutes, { prefix: '/api/programmes', queries: deps.queries, cache });
  await app.register(paperRoutes, { prefix: '/api/programmes', queries: deps.queries });
  await app.register(roundRoutes, { prefix: '/api/programmes', reminders: deps.reminders });
  await app.register(auditRoutes, {
    prefix: '/api',
    store: deps.store,
    health: deps.health,
    cache,
    checkpointer: deps.checkpointer,
  });
  await app.register(whoamiRoutes, { prefix: '/api' });
  await app.register(liveRoutes, {
    prefix: '/api/programmes',
    hub: deps.hub,
    guard: deps.guard,
    queries: deps.queries,
  });
  if (deps.webRoot && existsSync(deps.webRoot)) await app.register(webRoutes, { root: deps.webRoot });
  return app;
};
