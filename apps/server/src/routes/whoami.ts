import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { roles } from '@steerlog/domain';
import { z } from 'zod';
import { everyone } from '../auth.js';

export const Whoami = z.object({
  name: z.string(),
  role: z.enum(roles),
  partnerId: z.string().nullable(),
});

/**
 * Who the bearer token belongs to, so a client shows only what that role may do (and a partner
 * lead's own organisation) without probing endpoints for 403s.
 */
export const whoamiRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/whoami',
    {
      config: { allow: everyone },
      schema: { summary: 'The principal of the bearer token', response: { 200: Whoami } },
    },
    async (req) => {
      const { name, role, partnerId } = req.principal!;
      return { name, role, partnerId };
    },
  );
};
