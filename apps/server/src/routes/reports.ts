import { HighlightRow, Minutes } from '@steerlog/contract';
import { canonicalJson, DateOrDateTime, Slug } from '@steerlog/domain';
import type { Queries } from '@steerlog/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readers } from '../auth.js';
import { HttpProblem } from '../problems.js';
import type { ReadCache } from '../read-cache.js';
import {
  buildMinutes,
  highlightCsv,
  highlightMarkdown,
  highlightPdf,
  highlightRows,
  minutesMarkdown,
  minutesPdf,
  roundHighlightRows,
} from '@steerlog/reports';
import { ProgrammeParams } from './programmes.js';

export const reportRoutes: FastifyPluginAsyncZod<{ queries: Queries; cache: ReadCache }> = async (
  app,
  { queries, cache },
) => {
  app.get(
    '/:programmeId/reports/highlight',
    {
      config: { allow: readers },
      schema: {
        summary: 'Partner highlight reports as of a date (json, md, csv, pdf)',
        params: ProgrammeParams,
        querystring: z.strictObject({
          asOf: DateOrDateTime.optional(),
          partnerId: Slug.optional(),
          roundId: Slug.optional(),
          format: z.enum(['json', 'md', 'csv', 'pdf']).default('json'),
        }),
        produces: ['application/json', 'text/markdown', 'text/csv', 'application/pdf'],
        response: {
          200: z.union([
            z.array(HighlightRow),
            z.string().describe('Markdown or CSV'),
            z.instanceof(Buffer).describe('PDF'),
          ]),
        },
      },
    },
    async (req, reply) => {
      const { programmeId } = req.params;
      const at = new Date();
      // The highlight report as of a date, for the partner asked about or all of them.
      const report = async () => {
        const view = await queries.view(programmeId, { asOf: req.query.asOf }, at);
        if (req.query.partnerId && !view.partners.some((p) => p.partnerId === req.query.partnerId))
          throw new HttpProblem(
            'unknown_partner',
            `partner ${req.query.partnerId} is not in this programme as of ${view.asOf.slice(0, 10)}`,
          );
        const { roundId } = req.query;
        const rows = roundId
          ? roundHighlightRows(view, roundId, req.query.partnerId)
          : highlightRows(view, req.query.partnerId);
        if (!rows)
          throw new HttpProblem(
            'unknown_round',
            `reporting round ${roundId} does not exist as of ${view.asOf.slice(0, 10)}`,
          );
        return { view, rows, file: `highlight-${view.programmeId}-${view.asOf.slice(0, 10)}` };
      };
      const { format } = req.query;
      if (format === 'pdf') {
        // A PDF is bytes, which the text cache does not hold; it is made when asked for.
        const { view, rows, file } = await report();
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="${file}.pdf"`)
          .send(await highlightPdf(view, rows, await queries.fingerprint(view.position)));
      }
      const version = await queries.programmeVersion(programmeId);
      // A report shows dates, never the instant it was made: the whole answer is kept for the day.
      return cache.serve(
        req,
        reply,
        { programmeId, version, at },
        `highlight?${canonicalJson(req.query)}`,
        async () => {
          const { view, rows, file } = await report();
          switch (format) {
            case 'md':
              return {
                body: highlightMarkdown(view, rows, await queries.fingerprint(view.position)),
                type: 'text/markdown; charset=utf-8',
                headers: { 'content-disposition': `inline; filename="${file}.md"` },
              };
            case 'csv':
              return {
                body: highlightCsv(rows),
                type: 'text/csv; charset=utf-8',
                headers: { 'content-disposition': `attachment; filename="${file}.csv"` },
              };
            case 'json':
              return { body: JSON.stringify(rows), type: 'application/json; charset=utf-8' };
          }
        },
      );
    },
  );

  app.get(
    '/:programmeId/meetings/:meetingId/minutes',
    {
      config: { allow: readers },
      schema: {
        summary: 'The minute of a meeting (json, md, pdf)',
        params: ProgrammeParams.extend({ meetingId: Slug }),
        querystring: z.strictObject({ format: z.enum(['json', 'md', 'pdf']).default('json') }),
        produces: ['application/json', 'text/markdown', 'application/pdf'],
        response: { 200: z.union([Minutes, z.string().describe('Markdown'), z.instanceof(Buffer).describe('PDF')]) },
      },
    },
    async (req, reply) => {
      const { programmeId, meetingId } = req.params;
      const view = await queries.currentView(programmeId);
      const minutes = buildMinutes(
        view,
        meetingId,
        await queries.meetingEvents(programmeId, meetingId),
        await queries.fingerprint(view.position),
      );
      if (!minutes) throw new HttpProblem('meeting_not_found', `meeting ${meetingId} does not exist in ${programmeId}`);
      if (req.query.format === 'md')
        return reply
          .type('text/markdown; charset=utf-8')
          .header('content-disposition', `inline; filename="minute-${meetingId}.md"`)
          .send(minutesMarkdown(minutes));
      if (req.query.format === 'pdf')
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="minute-${meetingId}.pdf"`)
          .send(await minutesPdf(minutes));
      return minutes;
    },
  );
};
