import { z } from 'zod';
import { DateOrDateTime } from './primitives.js';

/**
 * Every command shares the same envelope: the client may say when the thing happened in the
 * world (`occurredAt`, default now), which version it last saw (`expectedVersion`), and that its
 * values are illustrative rather than facts (`illustrative: true`, carried to `meta.illustrative`).
 * Objects are strict: an unknown field is a mistake the client should hear about.
 */
export const command = <TType extends string, TData extends z.ZodType>(type: TType, data: TData) =>
  z.strictObject({
    type: z.literal(type),
    data,
    occurredAt: DateOrDateTime.optional(),
    expectedVersion: z.number().int().nonnegative().optional(),
    /** An illustrative value (an example, an estimate for a demo): every read marks what rests on it. */
    illustrative: z.literal(true).optional(),
  });
