import type { EvidenceState, IndicatorState, IssueState, RiskState } from '@steerlog/domain';
import { canonicalJson } from '@steerlog/domain';
import type { Row } from './collection.js';
import { collection, flag } from './collection.js';

/** A risk's scorings, in order, as child rows of the risk. */
export const riskScoreRows = (p: string, v: RiskState): Row[] =>
  v.scoreHistory.map((h, i) => ({
    table: 'rm_risk_scores',
    values: [p, v.riskId, i, h.on, h.likelihood, h.impact, h.likelihood * h.impact, h.reason, flag(h)],
  }));

/** Indicators (with their measurements), issues (with their responses) and evidence. */
export const outcomeCollections = [
  collection({
    name: 'indicators',
    entries: (s) => s.indicators,
    rows: (p, _k, v: IndicatorState, seq) => [
      {
        table: 'rm_indicators',
        values: [
          p,
          v.indicatorId,
          seq,
          v.name,
          v.unit,
          v.direction,
          v.baseline?.value ?? null,
          v.baseline?.on ?? null,
          v.target?.value ?? null,
          v.target?.by ?? null,
          v.ownerPartnerId,
          v.workstreamId,
          v.definedOn,
          flag(v),
        ],
      },
      ...v.measurements.map((m, i): Row => ({
        table: 'rm_measurements',
        values: [p, v.indicatorId, i, m.value, m.on, m.note, canonicalJson(m.evidenceIds), flag(m)],
      })),
    ],
  }),
  collection({
    name: 'issues',
    entries: (s) => s.issues,
    rows: (p, _k, v: IssueState, seq) => [
      {
        table: 'rm_issues',
        values: [
          p,
          v.issueId,
          seq,
          v.kind,
          v.title,
          v.detail,
          v.raisedByPartnerId,
          v.addressedTo,
          v.workstreamId,
          v.status,
          v.raisedOn,
          flag(v),
        ],
      },
      ...v.responses.map((r, i): Row => ({
        table: 'rm_issue_responses',
        values: [p, v.issueId, i, r.response, r.status, r.on, r.decisionId, flag(r)],
      })),
    ],
  }),
  collection({
    name: 'evidence',
    entries: (s) => s.evidence,
    rows: (p, _k, v: EvidenceState, seq) => [
      {
        table: 'rm_evidence',
        values: [p, v.evidenceId, seq, v.sha256, v.fileName, v.mediaType, v.bytes, v.about, v.attachedOn, flag(v)],
      },
    ],
  }),
];
