import { z } from 'zod';
import { IsoDate, Rag, Slug } from '@steerlog/domain';

/** RFC 9457 problem details, with a stable `code` and, for 400s, the fields at fault. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof Problem>;

export const ProgrammeSummary = z.object({
  programmeId: Slug,
  name: z.string(),
  version: z.number().int(),
  rag: Rag.nullable(),
  updatedAt: z.string(),
});
export type ProgrammeSummary = z.infer<typeof ProgrammeSummary>;

const instantOrDate = z.union([IsoDate, z.iso.datetime({ offset: true })]);

export const TimeTravelQuery = z.strictObject({
  asOf: instantOrDate.optional(),
  knownAt: instantOrDate.optional(),
  atPosition: z.coerce.number().int().nonnegative().optional(),
});
export type TimeTravelQuery = z.infer<typeof TimeTravelQuery>;
