import { z } from 'zod';

/**
 * Events are facts already recorded, so their schemas are lenient about extra fields (an older
 * server may read a newer event) but exact about the fields a fold relies on.
 */
export const event = <TType extends string, TData extends z.ZodType>(type: TType, data: TData) =>
  z.object({ type: z.literal(type), data });
