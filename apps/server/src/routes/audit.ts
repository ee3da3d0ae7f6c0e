import { Readable } from 'node:stream';
import { ImportResult, VerifyResult } from '@steerlog/contract';
import type { Store } from '@steerlog/store';
import {
  eraseForGood,
  erasePersonalData,
  exportLines,
  importLines,
  ndjsonLines,
  requireEmptyStore,
  verify,
} from '@steerlog/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { admins, auditors } from '../auth.js';
import { HttpProblem } from '../problems.js';
import type { Health } from '../health.js';
import type { ReadCache } from '../read-cache.js';
import { ProgrammeParams } from './programmes.js';

/** Exports can be large; an import is an export, so it gets the room an export needs. */
const IMPORT_LIMIT = 512 * 1024 * 1024;

/** The stream, cut off with 413 once it has passed `limit` bytes (a stream parser gets no bodyLimit). */
async function* limited(input: Readable, limit: number): AsyncGenerator<Buffer> {
  let bytes = 0;
  for await (const chunk of input as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > limit) throw new HttpProblem('body_too_large', `an import is at most ${limit / 1024 / 1024} MiB`);
    yield chunk;
  }
}

export const auditRoutes: FastifyPluginAsyncZod<{ store: Store; health: Health; cache: ReadCache }> = async (
  app,
  { store, health, cache },
) => {
  // The body stays a stream: the import reads it a line at a time instead of as one string.
  app.addContentTypeParser(['application/x-ndjson', 'application/ndjson'], (_req, payload, done) =>
    done(null, payload),
  );

  app.get(
    '/audit/verify',
    {
      config: { allow: auditors },
      schema: {
        summary: 'Walk the hash chain (and report the background check made after start)',
        response: { 200: VerifyResult },
      },
    },
    async () => ({ ...(await verify(store.kysely)), background: health.backgroundVerify }),
  );

  app.get(
    '/export',
    {
      config: { allow: auditors },
      schema: {
        summary: 'NDJSON export of the whole log and the personal-data keys',
        produces: ['application/x-ndjson'],
        response: { 200: z.string().describe('NDJSON: one event envelope a line, then the personal-data keys') },
      },
    },
    async (_req, reply) =>
      reply
        .type('application/x-ndjson')
        .header(
          'content-disposition',
          `attachment; filename="steerlog-export-${new Date().toISOString().slice(0, 10)}.ndjson"`,
        )
        // The NDJSON text the schema describes, streamed: Fastify sends a stream as it is, unserialised.
        .send(Readable.from(exportLines(store.kysely, store.vault)) as unknown as string),
  );

  app.post(
    '/import',
    {
      config: { allow: admins },
      bodyLimit: IMPORT_LIMIT,
      schema: {
        summary: 'Import an NDJSON export (application/x-ndjson) into an empty store',
        response: { 200: ImportResult },
      },
    },
    async (req) => {
      const body = req.body;
      if (!(body instanceof Readable))
        throw new HttpProblem('unsupported_media_type', 'send the export as application/x-ndjson');
      // Refused before a byte of the file is read.
      await requireEmptyStore(store.kysely);
      return importLines(store, ndjsonLines(limited(body, IMPORT_LIMIT)));
    },
  );

  app.delete(
    '/programmes/:programmeId/personal-data/:subject',
    {
      config: { allow: admins },
      schema: {
        summary: 'Erase a person: destroy the key of champion:ID or partner-lead:ID',
        params: ProgrammeParams.extend({ subject: z.string().max(200) }),
        response: { 204: z.null().describe('erased') },
      },
    },
    async (req, reply) => {
      const { programmeId, subject } = req.params;
      await eraseForGood(store.db, programmeId, subject, () => erasePersonalData(store, programmeId, subject));
      // Answers kept serialised may hold the name.
      cache.forgetAll();
      return reply.code(204).send(null);
    },
  );
};
