import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

/** Serves the built web client; client-side routes (`/display/...`, `/p/...`) get its index.html. */
export const webRoutes: FastifyPluginAsync<{ root: string }> = async (app, { root }) => {
  await app.register(fastifyStatic, { root, prefix: '/', index: 'index.html' });
  app.get('/display/*', { schema: { hide: true } }, (_req, reply) => reply.sendFile('index.html'));
  app.get('/p/*', { schema: { hide: true } }, (_req, reply) => reply.sendFile('index.html'));
  app.get('/admin', { schema: { hide: true } }, (_req, reply) => reply.sendFile('index.html'));
};
