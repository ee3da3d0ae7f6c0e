import { z } from 'zod';

/** Ids of things are slugs so they read well in URLs, exports and minutes. */
export const Slug = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,63}$/,
    'must be a slug: a-z, 0-9 and -, starting with a letter or digit, at most 64 characters',
  );
export type Slug = z.infer<typeof Slug>;

/** A calendar date, `YYYY-MM-DD`. */
export const IsoDate = z.iso.date();
/** A date or an ISO date-time with an offset. */
export const DateOrDateTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);
export const Instant = z.iso.datetime();

export const Rag = z.enum(['red', 'amber', 'green']);
export type Rag = z.infer<typeof Rag>;

export const Sector = z.enum([
  'local-authority',
  'nhs',
  'police',
  'third-sector',
  'education',
  'housing',
  'justice',
  'national-body',
  'other',
]);
export type Sector = z.infer<typeof Sector>;

/** UK financial years run April to March and are written `2022/23`. */
export const FinancialYear = z
  .string()
  .regex(/^\d{4}\/\d{2}$/, 'must be a financial year like 2022/23')
  .refine((fy) => (Number(fy.slice(0, 4)) + 1) % 100 === Number(fy.slice(5)), 'the second year must follow the first');

export const MaturityLevel = z.enum(['not-present', 'emerging', 'consistently-present']);
export type MaturityLevel = z.infer<typeof MaturityLevel>;

/** Money is integer pence, never floating point. */
export const Pence = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const Text = z.string().trim().min(1).max(2000);
export const ShortText = z.string().trim().min(1).max(200);
export const TextList = z.array(Text).max(50);

export const RagSubject = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('programme') }),
  z.strictObject({ kind: z.literal('partner'), id: Slug }),
  z.strictObject({ kind: z.literal('workstream'), id: Slug }),
]);
export type RagSubject = z.infer<typeof RagSubject>;
