import { CommandResponse } from '@steerlog/contract';
import { applyPartnerDefault, Command as CommandSchema, EventEnvelope, mayCommand } from '@steerlog/domain';
import type { CommandResult, Store } from '@steerlog/store';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { writers } from '../auth.js';
import { HttpProblem } from '../problems.js';
import { ProgrammeParams } from './programmes.js';

const envelopeKeys = Object.keys(EventEnvelope.shape) as (keyof EventEnvelope)[];

/**
 * The body `CommandResponse` would serialise for `result`, without parsing it again: the events
 * were built and checked by the store a moment ago, and re-validating every response was a
 * measurable share of a command's CPU (docs/performance.md). Only the envelope's own keys are
 * sent, in its order, as the schema's serialiser would.
 */
export const commandResponseJson = (result: CommandResult) =>
  JSON.stringify({
    events: result.events.map((e) => {
      const out: Record<string, unknown> = {};
      for (const key of envelopeKeys) out[key] = e[key];
      return out;
    }),
    version: result.version,
    position: result.position,
  });

/** A string with a JSON type is sent as it is: the route's response schema stays for /docs. */
const sendSerialised = (reply: FastifyReply, body: string) =>
  reply.code(201).type('application/json; charset=utf-8').send(body);

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
      if (req.body.type === 'AttachEvidence')
        throw new HttpProblem('evidence_upload_required', 'evidence is attached by uploading the file to .../evidence');
      // The rights check sees the command as the domain will record it: with the partner default.
      if (!mayCommand(principal.role, applyPartnerDefault(req.body, principal.partnerId), principal.partnerId))
        throw new HttpProblem(
          'forbidden',
          principal.partnerId
            ? `a partner lead records only for their own organisation (${principal.partnerId}): its highlight reports, its RAG rating, its training and self-assessments, and actions it owns; this ${req.body.type} is about another organisation or the programme`
            : `a ${principal.role} may not record ${req.body.type}`,
        );
      const result = await store.handle(req.params.programmeId, req.body, {
        actor: principal.name,
        actorPartnerId: principal.partnerId,
        idempotencyKey: req.headers['idempotency-key'],
        idempotencyScope: principal.tokenId,
      });
      return sendSerialised(reply, commandResponseJson(result));
    },
  );
};
