import { Readable } from 'node:stream';
import { ImportResult, VerifyResult } from '@steerlog/contract';
import type { Checkpointer, SignedCheckpoint, Store } from '@steerlog/store';
import {
  checkReceipt,
  eraseForGood,
  erasePersonalData,
  exportLines,
  importLines,
  keyId,
  latestCheckpoint,
  listCheckpoints,
  ndjsonLines,
  parseReceipt,
  Receipt,
  requireEmptyStore,
  verify,
  verifyCheckpoints,
} from '@steerlog/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { admins, auditors, everyone } from '../auth.js';
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

export const auditRoutes: FastifyPluginAsyncZod<{
  store: Store;
  health: Health;
  cache: ReadCache;
  checkpointer: Checkpointer;
}> = async (app, { store, health, cache, checkpointer }) => {
  // The body stays a stream: the import reads it a line at a time instead of as one string.
  app.addContentTypeParser(['application/x-ndjson', 'application/ndjson'], (_req, payload, done) =>
    done(null, payload),
  );

  app.get(
    '/audit/verify',
    {
      config: { allow: auditors },
      schema: {
        summary:
          'Walk the hash chain, check every signed checkpoint against it, and with ?receipt=POSITION:HASH whether the log still holds that hash there',
        querystring: z.strictObject({ receipt: Receipt.optional() }),
        response: { 200: VerifyResult },
      },
    },
    async (req) => {
      const chain = await verify(store.kysely);
      const signed = await verifyCheckpoints(store.kysely, await listCheckpoints(store.kysely));
      const receipt =
        req.query.receipt === undefined ? undefined : await checkReceipt(store.kysely, parseReceipt(req.query.receipt));
      return {
        ...chain,
        ok: chain.ok && signed.ok && (receipt === undefined || receipt === 'matches'),
        ...(receipt ? { receipt } : {}),
        checkpoints: signed,
        background: health.backgroundVerify,
      };
    },
  );

  const CheckpointSchema = z.object({
    position: z.number(),
    hash: z.string(),
    signedAt: z.string(),
    signature: z.string(),
    keyId: z.string(),
  });
  const served = (c: SignedCheckpoint) => ({
    position: c.position,
    hash: c.hash,
    signedAt: c.signedAt,
    signature: c.signature,
    keyId: keyId(c.publicKey),
  });

  app.get(
    '/audit/checkpoints',
    {
      config: { allow: auditors },
      schema: {
        summary: 'Signed checkpoints of the chain head, oldest first (Ed25519; see /api/audit/public-key)',
        response: { 200: z.array(CheckpointSchema) },
      },
    },
    async () => (await listCheckpoints(store.kysely)).map(served),
  );

  app.post(
    '/audit/checkpoints',
    {
      config: { allow: admins },
      schema: {
        summary: 'Sign the chain head now (201), or return the latest checkpoint when the head is signed already (200)',
        response: { 200: CheckpointSchema, 201: CheckpointSchema },
      },
    },
    async (_req, reply) => {
      const before = (await latestCheckpoint(store.kysely))?.position ?? 0;
      const made = await checkpointer.sign('demand');
      if (!made) throw new HttpProblem('nothing_to_sign', 'the log is empty: there is no head to sign');
      return reply.code(made.position > before ? 201 : 200).send(served(made));
    },
  );

  app.get(
    '/audit/public-key',
    {
      // Rights in any one programme will do: the key signs the whole log, and it is public anyway.
      config: { allow: everyone, scope: 'any' },
      schema: { summary: 'The PEM public key that signs checkpoints (keep a copy outside Steerlog)' },
    },
    async (_req, reply) => reply.type('application/x-pem-file').send(checkpointer.key.publicKeyPem),
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
      const result = await importLines(store, ndjsonLines(limited(body, IMPORT_LIMIT)));
      checkpointer.catchUp(store.headPosition);
      return result;
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
