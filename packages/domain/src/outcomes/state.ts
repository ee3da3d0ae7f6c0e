import type { IndicatorDirection, IndicatorUnit, IssueAddressee, IssueKind, IssueStatus } from './primitives.js';

type Marked = { illustrative?: true };

export type Measurement = { value: number; on: string; note: string | null; evidenceIds: string[] } & Marked;

export type IndicatorState = {
  indicatorId: string;
  name: string;
  unit: IndicatorUnit;
  direction: IndicatorDirection;
  baseline: { value: number; on: string } | null;
  target: { value: number; by: string } | null;
  ownerPartnerId: string | null;
  workstreamId: string | null;
  definedOn: string;
  /** In the order recorded; the view orders them by date. */
  measurements: Measurement[];
} & Marked;

export type IssueResponse = { response: string; status: IssueStatus; on: string; decisionId: string | null } & Marked;

export type IssueState = {
  issueId: string;
  kind: IssueKind;
  title: string;
  detail: string | null;
  raisedByPartnerId: string | null;
  addressedTo: IssueAddressee;
  workstreamId: string | null;
  status: IssueStatus;
  raisedOn: string;
  responses: IssueResponse[];
} & Marked;

export type EvidenceState = {
  evidenceId: string;
  sha256: string;
  fileName: string;
  mediaType: string;
  bytes: number;
  /** `KIND:ID` of the thing it backs. */
  about: string;
  attachedOn: string;
} & Marked;

/** One scoring of a risk: the first when raised (reason null), then each rescoring. */
export type RiskScore = { on: string; likelihood: number; impact: number; reason: string | null } & Marked;
