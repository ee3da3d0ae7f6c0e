import { CommandResponse } from '@steerlog/contract';
import { EVIDENCE_MAX_BYTES, EvidenceAbout, ShortText, Slug } from '@steerlog/domain';
import type { Queries, Store } from '@steerlog/store';
import { readEvidenceFile, storeEvidenceFile } from '@steerlog/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { everyone, writers } from '../auth.js';
import { HttpProblem } from '../problems.js';
import { ProgrammeParams } from './programmes.js';

const UploadQuery = z.object({ fileName: ShortText, about: EvidenceAbout });
const EvidenceParams = ProgrammeParams.extend({ evidenceId: Slug });
export const EvidenceUploaded = CommandResponse.extend({
  evidenceId: z.string(),
  sha256: z.string(),
  bytes: z.number().int(),
});

const MiB = 1024 * 1024;

/**
 * A file name that cannot escape a Content-Disposition header or name a path: no quotes,
 * backslashes, slashes or control characters; the full name goes in `filename*`, UTF-8 encoded.
 */
export const contentDisposition = (fileName: string) => {
  const base = fileName.split(/[/\\]/).pop() ?? 'evidence';
  const plain = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim() || 'evidence';
  const ascii = plain.replace(/[^\x20-\x7e]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(plain)}`;
};

/**
 * Evidence: files that back a report, an assessment, a measurement or a decision. Uploaded as
 * the raw body (any Content-Type, kept), stored once under its SHA-256, and recorded by an
 * `EvidenceAttached` event that the hash chain covers; downloaded as an attachment.
 */
export const evidenceRoutes: FastifyPluginAsyncZod<{ store: Store; queries: Queries }> = async (
  app,
  { store, queries },
) => {
  // In this plugin only, every body is a file: JSON and form bodies are kept as they came.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: EVIDENCE_MAX_BYTES }, (_req, body, done) =>
    done(null, body),
  );
  app.setErrorHandler((error, _req, reply) => {
    if ((error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      throw new HttpProblem('body_too_large', `an evidence file may be at most ${EVIDENCE_MAX_BYTES / MiB} MiB`);
    void reply;
    throw error;
  });

  app.post(
    '/:programmeId/evidence',
    {
      config: { allow: writers },
      bodyLimit: EVIDENCE_MAX_BYTES,
      schema: {
        summary: 'Attach an evidence file (the raw body) to a thing of the programme',
        params: ProgrammeParams,
        querystring: UploadQuery,
        response: { 201: EvidenceUploaded },
      },
    },
    async (req, reply) => {
      const principal = req.principal!;
      const content = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (content.byteLength === 0)
        throw new HttpProblem('empty_file', 'the evidence file is empty: send its bytes as the body');
      const mediaType = (req.headers['content-type'] ?? 'application/octet-stream').slice(0, 200);
      // Stored before the event is appended, so an event never names a file that is not there.
      const sha256 = await storeEvidenceFile(store.kysely, content, new Date());
      const result = await store.handle(
        req.params.programmeId,
        {
          type: 'AttachEvidence',
          data: { sha256, fileName: req.query.fileName, mediaType, bytes: content.byteLength, about: req.query.about },
        },
        { actor: principal.name, actorPartnerId: principal.partnerId },
      );
      const attached = result.events.find((e) => e.type === 'EvidenceAttached');
      if (attached?.type !== 'EvidenceAttached') throw new Error('AttachEvidence recorded no EvidenceAttached');
      return reply
        .code(201)
        .send({ ...result, evidenceId: attached.data.evidenceId, sha256, bytes: content.byteLength });
    },
  );

  app.get(
    '/:programmeId/evidence/:evidenceId',
    {
      config: { allow: everyone },
      schema: { summary: 'Download an evidence file', params: EvidenceParams },
    },
    async (req, reply) => {
      const view = await queries.view(req.params.programmeId, {}, new Date());
      const evidence = view.evidence.find((e) => e.evidenceId === req.params.evidenceId);
      if (!evidence)
        throw new HttpProblem('not_found', `no evidence ${req.params.evidenceId} in ${req.params.programmeId}`);
      const content = await readEvidenceFile(store.kysely, evidence.sha256);
      if (!content)
        throw new HttpProblem('not_found', `the file of evidence ${evidence.evidenceId} is missing: run verify`);
      return (
        reply
          .type(evidence.mediaType)
          .header('content-disposition', contentDisposition(evidence.fileName))
          // Whatever it claims to be, an uploaded file never runs as a page of this site.
          .header('content-security-policy', "sandbox; default-src 'none'")
          .send(content)
      );
    },
  );
};
