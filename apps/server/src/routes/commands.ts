import type { Command } from '@steerlog/domain';
import { Command as CommandSchema, EventEnvelope, mayCommand } from '@steerlog/domain';
import type { Store } from '@steerlog/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { writers } from '../auth.js';
import { HttpProblem } from '../problems.js';
import { ProgrammeParams } from './programmes.js';

const CommandResponse = z.object({
  events: z.array(EventEnvelope),
  version: z.number().int(),
  position: z.number().int(),
});

/** A partner lead's training and self-assessments are their own organisation's unless they say otherwise. */
const withPartnerDefault = (command: Command, partnerId: string | null): Command =>
  partnerId !== null &&
  (command.type === 'RecordTraining' || command.type === 'AssessMaturity') &&
  command.data.partnerId === undefined
    ? ({ ...command, data: { ...command.data, partnerId } } as Command)
    : command;

export const commandRoutes: FastifyPluginAsyncZod<{ store: Store }> = async (app, { store }) => {
  app.post(
    '/:programmeId/commands',
    {
      config: { allow: writers },
      schema: {
        summary: 'Record a command',
        params: ProgrammeParams,
        headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }),
        body: CommandSchema,
        response: { 201: CommandResponse },
      },
    },
    async (req, reply) => {
      const principal = req.principal!;
      const command = withPartnerDefault(req.body, principal.partnerId);
      if (!mayCommand(principal.role, command, principal.partnerId))
        throw new HttpProblem(
          'forbidden',
          `a ${principal.role} token may not send ${command.type}${principal.partnerId ? ` for anyone but ${principal.partnerId}` : ''}`,
        );
      const result = await store.handle(req.params.programmeId, command, {
        actor: principal.name,
        idempotencyKey: req.headers['idempotency-key'],
        idempotencyScope: principal.tokenId,
      });
      return reply.code(201).send(result);
    },
  );
};
