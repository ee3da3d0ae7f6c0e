import type { Queries } from '@steerlog/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { everyone } from '../auth.js';
import type { LiveGuard } from '../live-guard.js';
import type { LiveHub } from '../live-hub.js';
import { HttpProblem } from '../problems.js';
import { ProgrammeParams } from './programmes.js';

export const liveRoutes: FastifyPluginAsyncZod<{ hub: LiveHub; guard: LiveGuard; queries: Queries }> = async (
  app,
  { hub, guard, queries },
) => {
  app.get(
    '/:programmeId/live',
    {
      websocket: true,
      config: { allow: everyone },
      schema: {
        summary: 'Websocket: the events of a programme after a position, then live',
        params: ProgrammeParams,
        querystring: z.strictObject({
          after: z.coerce.number().int().nonnegative().default(0),
          access_token: z.string().optional(),
        }),
      },
      preHandler: async (req) => {
        // A plain GET would otherwise get the websocket plugin's empty 404, not a problem document.
        if (!req.ws)
          throw new HttpProblem('upgrade_required', 'this is a websocket endpoint: connect with Upgrade: websocket');
        await queries.requireProgramme(req.params.programmeId);
      },
    },
    (socket, req) => {
      guard.watch(socket, req.access!, req.params.programmeId);
      // Limits are per credential: a token, or a signed-in person's session.
      const tokenId = req.principal?.tokenId ?? 'anonymous';
      hub.join(socket, req.params.programmeId, req.query.after, tokenId).then(
        (refused) => {
          if (refused)
            req.log.warn(
              { tokenId, limit: refused.limit, held: refused.held },
              `live connection refused (close 4029): ${refused.reason}`,
            );
        },
        (error: unknown) => req.log.error({ err: error }, 'live backlog failed'),
      );
    },
  );
};
