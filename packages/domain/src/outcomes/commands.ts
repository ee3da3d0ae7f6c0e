import { z } from 'zod';
import { command } from '../command-envelope.js';
import { IsoDate, ShortText, Slug, Text } from '../primitives.js';
import {
  Baseline,
  EVIDENCE_MAX_BYTES,
  EvidenceAbout,
  EvidenceIds,
  IndicatorDirection,
  IndicatorUnit,
  IssueAddressee,
  IssueKind,
  IssueStatus,
  MeasureValue,
  Sha256,
  Target,
} from './primitives.js';

export const DefineIndicator = command(
  'DefineIndicator',
  z.strictObject({
    indicatorId: Slug.optional(),
    name: ShortText,
    unit: IndicatorUnit,
    direction: IndicatorDirection,
    baseline: Baseline.optional(),
    target: Target.optional(),
    ownerPartnerId: Slug.optional(),
    workstreamId: Slug.optional(),
  }),
);
export const RecordMeasurement = command(
  'RecordMeasurement',
  z.strictObject({
    indicatorId: Slug,
    value: MeasureValue,
    on: IsoDate,
    note: Text.optional(),
    evidenceIds: EvidenceIds.optional(),
  }),
);
export const RaiseIssue = command(
  'RaiseIssue',
  z.strictObject({
    issueId: Slug.optional(),
    kind: IssueKind,
    title: ShortText,
    detail: Text.optional(),
    raisedByPartnerId: Slug.optional(),
    addressedTo: IssueAddressee.optional(),
    workstreamId: Slug.optional(),
  }),
);
export const RespondToIssue = command(
  'RespondToIssue',
  z.strictObject({ issueId: Slug, response: Text, status: IssueStatus, decisionId: Slug.optional() }),
);
export const CloseWorkstream = command(
  'CloseWorkstream',
  z.strictObject({ workstreamId: Slug, reason: Text, mergedIntoWorkstreamId: Slug.optional() }),
);
export const RescoreRisk = command(
  'RescoreRisk',
  z.strictObject({
    riskId: Slug,
    likelihood: z.number().int().min(1).max(5),
    impact: z.number().int().min(1).max(5),
    reason: Text,
  }),
);
/**
 * Records a stored file as evidence. Sent by the evidence upload (`POST .../evidence`), which
 * stores the bytes first and fills in their hash and size; the commands endpoint refuses it,
 * since there a client could name a file that was never stored.
 */
export const AttachEvidence = command(
  'AttachEvidence',
  z.strictObject({
    evidenceId: Slug.optional(),
    sha256: Sha256,
    fileName: ShortText,
    mediaType: z.string().min(1).max(200),
    bytes: z.number().int().min(1).max(EVIDENCE_MAX_BYTES),
    about: EvidenceAbout,
  }),
);
/**
 * Retracts an event and records what it should have been, in one append. The replacement is a
 * command of the type that made the event; its data is checked by that command's own schema
 * when decided (so the refusal names the field), not here.
 */
export const CorrectEvent = command(
  'CorrectEvent',
  z.strictObject({
    eventId: z.uuid(),
    reason: Text,
    replacement: z.strictObject({ type: z.string().min(1).max(100), data: z.record(z.string(), z.unknown()) }),
  }),
);

export const outcomeCommands = [
  DefineIndicator,
  RecordMeasurement,
  RaiseIssue,
  RespondToIssue,
  CloseWorkstream,
  RescoreRisk,
  AttachEvidence,
  CorrectEvent,
] as const;
