import { z } from 'zod';
import type { EventType } from '@steerlog/domain';
import { EventEnvelope, eventTypes, HistorySubject, IsoDate, Rag, ReturnStatus, Slug } from '@steerlog/domain';

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

/** `201` of `POST .../commands`: the events appended, and the programme's version and the log's position after them. */
export const CommandResponse = z.object({
  events: z.array(EventEnvelope),
  version: z.number().int(),
  position: z.number().int(),
});
export type CommandResponse = z.infer<typeof CommandResponse>;

/** `GET .../events`: filters on type, subject and dates, oldest first unless `order=newest`. */
export const EventsQuery = z.strictObject({
  after: z.coerce.number().int().nonnegative().optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  order: z.enum(['oldest', 'newest']).default('oldest'),
  /** One event type or several, comma-separated. */
  type: z
    .string()
    .max(2000)
    .transform((s) => s.split(',').filter((t) => t !== ''))
    .pipe(z.array(z.enum(eventTypes as [EventType, ...EventType[]])))
    .optional(),
  subject: HistorySubject.optional(),
  /** Recorded by this actor (the name of the token or person). */
  actor: z.string().min(1).max(200).optional(),
  /** Happened on or after / on or before this date (valid time). */
  occurredFrom: IsoDate.optional(),
  occurredTo: IsoDate.optional(),
  /** Recorded on or after / on or before this date (recorded time). */
  recordedFrom: IsoDate.optional(),
  recordedTo: IsoDate.optional(),
});
export type EventsQuery = z.infer<typeof EventsQuery>;

/** A page of the event log; `next` is the cursor for the next page in the same order, null at the end. */
export const EventPage = z.object({ events: z.array(EventEnvelope), next: z.number().int().nullable() });
export type EventPage = z.infer<typeof EventPage>;

/** The whole-chain check the server runs in the background after a start. */
export const BackgroundVerify = z.union([
  z.object({ status: z.enum(['pending', 'running']) }),
  z.object({
    status: z.literal('done'),
    finishedAt: z.string(),
    ok: z.boolean(),
    checked: z.number(),
    firstBadPosition: z.number().optional(),
  }),
  z.object({ status: z.literal('failed'), error: z.string() }),
]);
export type BackgroundVerify = z.infer<typeof BackgroundVerify>;

/**
 * `GET /api/audit/verify[?receipt=P:HASH]`: the chain walked now, every signed checkpoint checked
 * against it, a receipt if given, and the background check made after the start. `ok` is true when
 * the chain holds, every checkpoint matches and a receipt given matches; `firstBadPosition` says
 * where the chain itself breaks.
 */
export const VerifyResult = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBadPosition: z.number().int().optional(),
  receipt: z.enum(['matches', 'differs', 'beyond-head']).optional(),
  checkpoints: z.object({
    ok: z.boolean(),
    checked: z.number().int(),
    faults: z.array(
      z.object({
        position: z.number().int(),
        problem: z.enum(['bad-signature', 'differs', 'beyond-head', 'unknown-key']),
      }),
    ),
  }),
  background: BackgroundVerify,
});
export type VerifyResult = z.infer<typeof VerifyResult>;

/** `POST /api/import`: how many events, personal-data keys and signed checkpoints went in. */
export const ImportResult = z.object({
  events: z.number().int(),
  keys: z.number().int(),
  checkpoints: z.number().int(),
});
export type ImportResult = z.infer<typeof ImportResult>;

/**
 * What a paper was made from: the log position and hash (a receipt, `P:HASH`, to keep outside
 * Steerlog) and the latest signed checkpoint of the chain at or before it.
 */
export const Fingerprint = z.object({
  position: z.number().int().nonnegative(),
  hash: z.string(),
  receipt: z.string(),
  checkpoint: z
    .object({
      position: z.number().int(),
      hash: z.string(),
      signedAt: z.string(),
      signature: z.string(),
      keyId: z.string(),
    })
    .nullable(),
});
export type Fingerprint = z.infer<typeof Fingerprint>;

/** One partner's row of `GET .../reports/highlight?format=json`. */
export const HighlightRow = z.object({
  partnerId: z.string(),
  name: z.string(),
  lead: z.string().nullable(),
  reportedOn: z.string().nullable(),
  rag: z.object({ previous: Rag.nullable(), current: Rag.nullable() }),
  summary: z.string().nullable(),
  successes: z.array(z.string()),
  challenges: z.array(z.string()),
  upcoming: z.array(z.object({ title: z.string(), dueOn: z.string().optional() })),
  /** The evidence files the report cites (beyond the contract's columns; not in the CSV). */
  evidence: z.array(z.object({ evidenceId: z.string(), fileName: z.string() })),
  /** Present when a value in the row (the partner, its rating or its report) rests on an illustrative event. */
  illustrative: z.literal(true).optional(),
  /** With `?roundId=`: the round, and the partner's return in it as of `asOf`. */
  roundId: z.string().optional(),
  returnStatus: ReturnStatus.optional(),
});
export type HighlightRow = z.infer<typeof HighlightRow>;

/** A diff point as served back: a log position, or a date (as of that day) with the recorded-time cut used. */
export const DiffPoint = z.union([
  z.object({ position: z.number().int() }),
  z.object({ date: z.string(), knownAt: z.string().optional() }),
]);

/** `GET .../diff`: things added, fields changed (before, after), things gone, and the retractions in between. */
export const Diff = z.object({
  from: DiffPoint,
  to: DiffPoint,
  added: z.array(z.object({ kind: z.string(), id: z.string(), item: z.unknown() })),
  changed: z.array(
    z.object({ kind: z.string(), id: z.string(), field: z.string(), before: z.unknown(), after: z.unknown() }),
  ),
  removed: z.array(z.object({ kind: z.string(), id: z.string(), item: z.unknown() })),
  retracted: z.array(EventEnvelope),
});
export type Diff = z.infer<typeof Diff>;
