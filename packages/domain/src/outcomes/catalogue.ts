import type { CommandType } from '../commands.js';

/** The command that records each outcome event (merged into `recordedBy`). */
export const outcomeRecordedBy = {
  IndicatorDefined: 'DefineIndicator',
  MeasurementRecorded: 'RecordMeasurement',
  IssueRaised: 'RaiseIssue',
  IssueResponded: 'RespondToIssue',
  WorkstreamClosed: 'CloseWorkstream',
  RiskRescored: 'RescoreRisk',
  EvidenceAttached: 'AttachEvidence',
} as const satisfies Record<string, CommandType>;
