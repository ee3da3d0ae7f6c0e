import type {
  IndicatorDirection,
  IndicatorUnit,
  IssueAddressee,
  IssueKind,
  IssueStatus,
  Measurement,
  IssueResponse,
  ProgrammeState,
  RiskScore,
} from '@steerlog/domain';
import type { Kysely } from 'kysely';
import { rowsOf } from './read.js';

type Cells = Record<string, unknown>;
const str = (v: unknown) => v as string;
const strOrNull = (v: unknown) => (v === null || v === undefined ? null : (v as string));
const num = (v: unknown) => Number(v);
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const marked = (r: Cells): { illustrative?: true } => (Number(r['illustrative']) === 1 ? { illustrative: true } : {});

/** An `evidence_ids` cell: a JSON array, or null in a row written before migration 0006. */
export const idsOf = (r: Cells): string[] =>
  r['evidence_ids'] === null || r['evidence_ids'] === undefined ? [] : (JSON.parse(str(r['evidence_ids'])) as string[]);

/** Child rows grouped under their parent's id, in `seq` order. */
const byParent = <T>(rows: Cells[], parent: string, of: (r: Cells) => T) => {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const id = str(r[parent]);
    let list = out.get(id);
    if (!list) out.set(id, (list = []));
    list.push(of(r));
  }
  return out;
};

export const riskScoresOf = async (db: Kysely<any>, programmeId: string) =>
  byParent(await rowsOf(db, 'rm_risk_scores', programmeId), 'risk_id', (r): RiskScore => ({
    on: str(r['scored_on']),
    likelihood: num(r['likelihood']),
    impact: num(r['impact']),
    reason: strOrNull(r['reason']),
    ...marked(r),
  }));

/** Reads indicators, issues and evidence into `s`. */
export const readOutcomes = async (db: Kysely<any>, programmeId: string, s: ProgrammeState) => {
  const measurements = byParent(await rowsOf(db, 'rm_measurements', programmeId), 'indicator_id', (r): Measurement => ({
    value: num(r['value']),
    on: str(r['measured_on']),
    note: strOrNull(r['note']),
    evidenceIds: idsOf(r),
    ...marked(r),
  }));
  for (const r of await rowsOf(db, 'rm_indicators', programmeId)) {
    const indicatorId = str(r['indicator_id']);
    const baseline = numOrNull(r['baseline_value']);
    const target = numOrNull(r['target_value']);
    s.indicators.set(indicatorId, {
      indicatorId,
      name: str(r['name']),
      unit: r['unit'] as IndicatorUnit,
      direction: r['direction'] as IndicatorDirection,
      baseline: baseline === null ? null : { value: baseline, on: str(r['baseline_on']) },
      target: target === null ? null : { value: target, by: str(r['target_by']) },
      ownerPartnerId: strOrNull(r['owner_partner_id']),
      workstreamId: strOrNull(r['workstream_id']),
      definedOn: str(r['defined_on']),
      measurements: measurements.get(indicatorId) ?? [],
      ...marked(r),
    });
  }
  const responses = byParent(await rowsOf(db, 'rm_issue_responses', programmeId), 'issue_id', (r): IssueResponse => ({
    response: str(r['response']),
    status: r['status'] as IssueStatus,
    on: str(r['responded_on']),
    decisionId: strOrNull(r['decision_id']),
    ...marked(r),
  }));
  for (const r of await rowsOf(db, 'rm_issues', programmeId)) {
    const issueId = str(r['issue_id']);
    s.issues.set(issueId, {
      issueId,
      kind: r['kind'] as IssueKind,
      title: str(r['title']),
      detail: strOrNull(r['detail']),
      raisedByPartnerId: strOrNull(r['raised_by_partner_id']),
      addressedTo: r['addressed_to'] as IssueAddressee,
      workstreamId: strOrNull(r['workstream_id']),
      status: r['status'] as IssueStatus,
      raisedOn: str(r['raised_on']),
      responses: responses.get(issueId) ?? [],
      ...marked(r),
    });
  }
  for (const r of await rowsOf(db, 'rm_evidence', programmeId))
    s.evidence.set(str(r['evidence_id']), {
      evidenceId: str(r['evidence_id']),
      sha256: str(r['sha256']),
      fileName: str(r['file_name']),
      mediaType: str(r['media_type']),
      bytes: num(r['bytes']),
      about: str(r['about']),
      attachedOn: str(r['attached_on']),
      ...marked(r),
    });
};
