import { Whoami, WhoamiQuery } from '@steerlog/contract';
import { grantsIn, strongestGrant } from '@steerlog/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { everyone } from '../auth.js';

/**
 * Who the credential belongs to and what it may do, so a client shows only what that role may do
 * (in the programme it names, and a partner lead's own organisation) without probing for 403s.
 */
export const whoamiRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/whoami',
    {
      config: { allow: everyone, scope: 'any' },
      schema: {
        summary: 'The principal of the bearer token or session, and its rights',
        querystring: WhoamiQuery,
        response: { 200: Whoami },
      },
    },
    async (req) => {
      const access = req.access!;
      const programmeId = req.query.programmeId;
      const here = programmeId === undefined ? strongestGrant(access.grants) : grantsIn(access.grants, programmeId)[0];
      return {
        kind: access.kind,
        name: access.name,
        email: access.kind === 'session' ? access.email : null,
        role: here?.role ?? null,
        partnerId: here?.partnerId ?? null,
        grants: access.grants,
      };
    },
  );
};
