import { ReminderStatus, RemindResult } from '@steerlog/contract';
import type { Role } from '@steerlog/domain';
import { Slug } from '@steerlog/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Reminders } from '../reminders/reminders.js';
import { ProgrammeParams } from './programmes.js';

const coordinators: readonly Role[] = ['coordinator', 'admin'];

/** The coordinator's reminder button and the delivery state the round tracker shows. */
export const roundRoutes: FastifyPluginAsyncZod<{ reminders: Reminders }> = async (app, { reminders }) => {
  app.post(
    '/:programmeId/reporting-rounds/:roundId/remind',
    {
      config: { allow: coordinators },
      schema: {
        summary: 'E-mail a reminder now to the people of every partner whose return is missing (kind manual)',
        params: ProgrammeParams.extend({ roundId: Slug }),
        response: { 200: RemindResult },
      },
    },
    async (req) => reminders.remindNow(req.params.programmeId, req.params.roundId),
  );

  app.get(
    '/:programmeId/reporting-rounds/reminders',
    {
      config: { allow: coordinators },
      schema: {
        summary: 'Whether e-mail is configured, and the reminders whose last attempt failed',
        params: ProgrammeParams,
        response: { 200: ReminderStatus },
      },
    },
    async (req) => {
      await reminders.requireProgramme(req.params.programmeId);
      return { configured: reminders.configured, failures: await reminders.claims.failures(req.params.programmeId) };
    },
  );
};
