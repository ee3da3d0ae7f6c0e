import { z } from 'zod';
import { event } from '../event-shape.js';
import { IsoDate, Slug } from '../primitives.js';
import { IndicatorDirection, IndicatorUnit, IssueAddressee, IssueKind, IssueStatus } from './primitives.js';

const text = z.string();

export const IndicatorDefined = event(
  'IndicatorDefined',
  z.object({
    indicatorId: Slug,
    name: text,
    unit: IndicatorUnit,
    direction: IndicatorDirection,
    baseline: z.object({ value: z.number(), on: IsoDate }).optional(),
    target: z.object({ value: z.number(), by: IsoDate }).optional(),
    ownerPartnerId: Slug.optional(),
    workstreamId: Slug.optional(),
  }),
);
export const MeasurementRecorded = event(
  'MeasurementRecorded',
  z.object({
    indicatorId: Slug,
    value: z.number(),
    on: IsoDate,
    note: text.optional(),
    evidenceIds: z.array(Slug).optional(),
  }),
);
export const IssueRaised = event(
  'IssueRaised',
  z.object({
    issueId: Slug,
    kind: IssueKind,
    title: text,
    detail: text.optional(),
    raisedByPartnerId: Slug.optional(),
    addressedTo: IssueAddressee,
    workstreamId: Slug.optional(),
  }),
);
export const IssueResponded = event(
  'IssueResponded',
  z.object({ issueId: Slug, response: text, status: IssueStatus, decisionId: Slug.optional() }),
);
export const WorkstreamClosed = event(
  'WorkstreamClosed',
  z.object({ workstreamId: Slug, reason: text, mergedIntoWorkstreamId: Slug.optional() }),
);
export const RiskRescored = event(
  'RiskRescored',
  z.object({
    riskId: Slug,
    likelihood: z.number().int().min(1).max(5),
    impact: z.number().int().min(1).max(5),
    previousLikelihood: z.number().int().min(1).max(5),
    previousImpact: z.number().int().min(1).max(5),
    reason: text,
  }),
);
export const EvidenceAttached = event(
  'EvidenceAttached',
  z.object({
    evidenceId: Slug,
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    fileName: text,
    mediaType: text,
    bytes: z.number().int().positive(),
    about: text,
  }),
);

export const outcomeEvents = [
  IndicatorDefined,
  MeasurementRecorded,
  IssueRaised,
  IssueResponded,
  WorkstreamClosed,
  RiskRescored,
  EvidenceAttached,
] as const;
