import { z } from 'zod';
import { IsoDate, Slug } from '../primitives.js';

export const IndicatorUnit = z.enum(['count', 'percent', 'pence', 'score']);
export type IndicatorUnit = z.infer<typeof IndicatorUnit>;
export const IndicatorDirection = z.enum(['increase', 'decrease']);
export type IndicatorDirection = z.infer<typeof IndicatorDirection>;
export const IssueKind = z.enum(['barrier', 'enabler', 'support-request', 'question']);
export type IssueKind = z.infer<typeof IssueKind>;
export const IssueStatus = z.enum(['open', 'answered', 'resolved', 'withdrawn']);
export type IssueStatus = z.infer<typeof IssueStatus>;
export const IssueAddressee = z.enum(['steering-group', 'board', 'national']);
export type IssueAddressee = z.infer<typeof IssueAddressee>;

/** A finite number (JSON has no NaN or Infinity, but a client library may still send one as a string). */
export const MeasureValue = z.number().finite();
export const Baseline = z.strictObject({ value: MeasureValue, on: IsoDate });
export const Target = z.strictObject({ value: MeasureValue, by: IsoDate });

/** Files a record cites as its evidence: each an `EvidenceAttached` of the same programme. */
export const EvidenceIds = z.array(Slug).max(20);

/** What a piece of evidence is about: `KIND:ID`, where KIND is one of `evidenceKinds`. */
export const evidenceKinds = [
  'partner',
  'workstream',
  'milestone',
  'allocation',
  'meeting',
  'decision',
  'action',
  'risk',
  'indicator',
  'issue',
] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];
export const EvidenceAbout = z
  .string()
  .regex(
    new RegExp(`^(${evidenceKinds.join('|')}):[a-z0-9][a-z0-9-]{0,63}$`),
    `must be KIND:ID with KIND one of ${evidenceKinds.join(', ')}`,
  );

export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits');
/** The largest evidence file accepted: 20 MiB. */
export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;
