import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import type { FieldError } from '../problems.js';
import { sendProblem } from '../problems.js';

/**
 * What a static file request's own mistake becomes (@fastify/send raises these as errors with a
 * status): a problem document, and no error log, since nothing went wrong on our side.
 */
const staticProblems: Partial<Record<number, { code: string; detail: string; errors?: FieldError[] }>> = {
  // A path that climbs out of the web root (`/%2e%2e/...`): refused as a bad path, not a server fault.
  403: {
    code: 'invalid_path',
    detail: 'the path is not one of the web client files',
    errors: [{ path: '', message: 'the path leaves the web root or names a hidden file' }],
  },
  404: { code: 'not_found', detail: 'no such file' },
  412: { code: 'precondition_failed', detail: 'the file does not meet the If-Match or If-Unmodified-Since condition' },
  416: { code: 'range_not_satisfiable', detail: 'the Range asked for is not within the file' },
};

/** Serves the built web client; client-side routes (`/display/...`, `/p/...`) get its index.html. */
export const webRoutes: FastifyPluginAsync<{ root: string }> = async (app, { root }) => {
  // This plugin's own error handler: it covers the static routes only (Fastify encapsulation).
  app.setErrorHandler((error: Error & { status?: number; statusCode?: number }, req, reply) => {
    const status = error.statusCode ?? error.status ?? 500;
    if (status >= 400 && status < 500) {
      const known = staticProblems[status] ?? {
        code: 'invalid_request',
        detail: 'the request cannot be served',
        errors: [{ path: '', message: error.message }],
      };
      return sendProblem(reply, known.code, known.detail, known.errors);
    }
    req.log.error({ err: error }, 'serving a static file failed');
    return sendProblem(reply, 'internal_error', 'something went wrong on our side');
  });
  await app.register(fastifyStatic, { root, prefix: '/', index: 'index.html' });
  app.get('/display/*', { schema: { hide: true } }, (_req, reply) => reply.sendFile('index.html'));
  app.get('/p/*', { schema: { hide: true } }, (_req, reply) => reply.sendFile('index.html'));
  app.get('/admin', { schema: { hide: true } }, (_req, reply) => reply.sendFile('index.html'));
};
