import type { FastifyPluginAsync } from 'fastify';
import type { Health } from '../health.js';

export const healthRoutes: FastifyPluginAsync<{ health: Health }> = async (app, { health }) => {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    const { ready, detail } = await health.readiness();
    return reply.code(ready ? 200 : 503).send({ ready, ...detail });
  });
};
