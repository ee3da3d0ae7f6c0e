import { Slug } from '@steerlog/domain';
import type { Queries } from '@steerlog/store';
import { buildPack, packMarkdown, packPdf } from '@steerlog/reports';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readers } from '../auth.js';
import { HttpProblem } from '../problems.js';
import { ProgrammeParams } from './programmes.js';

/** The board pack of a meeting: the papers the members read before it. */
export const paperRoutes: FastifyPluginAsyncZod<{ queries: Queries }> = async (app, { queries }) => {
  app.get(
    '/:programmeId/meetings/:meetingId/pack',
    {
      config: { allow: readers },
      schema: {
        summary: 'The board pack of a meeting, as of its day (pdf, md)',
        params: ProgrammeParams.extend({ meetingId: Slug }),
        querystring: z.strictObject({ format: z.enum(['pdf', 'md']).default('pdf') }),
        produces: ['application/pdf', 'text/markdown'],
        response: { 200: z.union([z.instanceof(Buffer).describe('PDF'), z.string().describe('Markdown')]) },
      },
    },
    async (req, reply) => {
      const { programmeId, meetingId } = req.params;
      const current = await queries.currentView(programmeId);
      const meeting = current.meetings.find((m) => m.meetingId === meetingId);
      if (!meeting) throw new HttpProblem('meeting_not_found', `meeting ${meetingId} does not exist in ${programmeId}`);
      // As of the meeting's day: what the board had before it, whatever was recorded for later days since.
      const view = await queries.view(programmeId, { asOf: meeting.openedAt.slice(0, 10) });
      const pack = buildPack(view, meetingId, await queries.fingerprint(view.position));
      if (!pack) throw new HttpProblem('meeting_not_found', `meeting ${meetingId} does not exist in ${programmeId}`);
      if (req.query.format === 'md')
        return reply
          .type('text/markdown; charset=utf-8')
          .header('content-disposition', `inline; filename="board-pack-${meetingId}.md"`)
          .send(packMarkdown(pack));
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="board-pack-${meetingId}.pdf"`)
        .send(await packPdf(pack));
    },
  );
};
