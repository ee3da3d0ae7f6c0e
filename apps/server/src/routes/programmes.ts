import { Diff, EventPage, EventsQuery, ProgrammeSummary, TimeTravelQuery } from '@steerlog/contract';
import {
  canonicalJson,
  DateOrDateTime,
  EventEnvelope,
  grantsIn,
  HistorySubject,
  ProgrammeView,
  Slug,
} from '@steerlog/domain';
import type { Point, Queries } from '@steerlog/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { everyone, readers } from '../auth.js';
import type { ReadCache } from '../read-cache.js';

export const ProgrammeParams = z.object({ programmeId: Slug });

/** A diff point: a log position, or a date (the programme as it stood on that day, as known now unless a known-at is given). */
const PointParam = z
  .union([z.coerce.number().int().nonnegative(), DateOrDateTime])
  .transform((v): Point => (typeof v === 'number' ? { position: v } : { date: v }));

export const programmeRoutes: FastifyPluginAsyncZod<{ queries: Queries; cache: ReadCache }> = async (
  app,
  { queries, cache },
) => {
  app.get(
    '/',
    {
      config: { allow: everyone, scope: 'any' },
      schema: { summary: 'List the programmes the caller has rights in', response: { 200: z.array(ProgrammeSummary) } },
    },
    async (req) => {
      const grants = req.access!.grants;
      return (await queries.listProgrammes()).filter((p) => grantsIn(grants, p.programmeId).length > 0);
    },
  );

  app.get(
    '/:programmeId/state',
    {
      config: { allow: everyone },
      schema: {
        summary: 'Programme state, at any time',
        params: ProgrammeParams,
        querystring: TimeTravelQuery,
        response: { 200: ProgrammeView },
      },
    },
    async (req, reply) => {
      const { programmeId } = req.params;
      const at = new Date();
      const version = await queries.programmeVersion(programmeId);
      return cache.serve(req, reply, { programmeId, version, at }, `state?${canonicalJson(req.query)}`, async (now) => {
        const view = ProgrammeView.parse(await queries.view(programmeId, req.query, at));
        const instant = at.toISOString();
        // The cut's "now" instants are filled in per request; every other value is as computed.
        const body = {
          ...view,
          asOf: view.asOf === instant ? now : view.asOf,
          knownAt: view.knownAt === instant ? now : view.knownAt,
        };
        return { body: JSON.stringify(body), type: 'application/json; charset=utf-8' };
      });
    },
  );

  app.get(
    '/:programmeId/events',
    {
      config: { allow: readers },
      schema: {
        summary: 'A page of the programme event log',
        description:
          'Oldest first by default, paged with `after`; `order=newest` pages back from the head with `before`. ' +
          'Filters: `type` (one or several, comma-separated), `subject` (KIND:ID, as for history), `actor`, ' +
          '`occurredFrom`/`occurredTo` (when it happened) and `recordedFrom`/`recordedTo` (when it was recorded), dates inclusive.',
        params: ProgrammeParams,
        querystring: EventsQuery,
        response: { 200: EventPage },
      },
    },
    async (req) => queries.events(req.params.programmeId, req.query),
  );

  app.get(
    '/:programmeId/history',
    {
      config: { allow: readers },
      schema: {
        summary: 'The events that shaped one thing',
        params: ProgrammeParams,
        querystring: z.strictObject({ subject: HistorySubject }),
        response: { 200: z.array(EventEnvelope) },
      },
    },
    async (req) => queries.history(req.params.programmeId, req.query.subject),
  );

  app.get(
    '/:programmeId/diff',
    {
      config: { allow: readers },
      schema: {
        summary: 'What changed between two points (dates or positions)',
        description:
          'A date compares the state as of that day (valid time) as known now; `fromKnownAt`/`toKnownAt` ' +
          'cut what was recorded by then instead. A position cuts the log there.',
        params: ProgrammeParams,
        querystring: z.strictObject({
          from: PointParam,
          to: PointParam,
          fromKnownAt: DateOrDateTime.optional(),
          toKnownAt: DateOrDateTime.optional(),
        }),
        response: { 200: Diff },
      },
    },
    async (req) => {
      const { from, to, fromKnownAt, toKnownAt } = req.query;
      const withKnownAt = (p: Point, knownAt: string | undefined): Point =>
        knownAt === undefined || !('date' in p) ? p : { ...p, knownAt };
      return queries.diff(req.params.programmeId, withKnownAt(from, fromKnownAt), withKnownAt(to, toKnownAt));
    },
  );
};
