import type { Column } from './tables.js';

const text = (name: string): Column => ({ name, type: 'text' });
const textNull = (name: string): Column => ({ name, type: 'text', nullable: true });
const int = (name: string): Column => ({ name, type: 'integer' });
/** Indicator values need not be whole (a percentage, a score). */
const real = (name: string): Column => ({ name, type: 'double precision' });
const realNull = (name: string): Column => ({ name, type: 'double precision', nullable: true });
const pid = text('programme_id');
const seq = int('seq');
const illustrative = int('illustrative');

/** The tables of migration 0006 (indicators, issues, evidence, risk scores), in the order a rebuild writes them. */
export const outcomeTables = [
  {
    name: 'rm_risk_scores',
    columns: [
      pid,
      text('risk_id'),
      seq,
      text('scored_on'),
      int('likelihood'),
      int('impact'),
      int('score'),
      textNull('reason'),
      illustrative,
    ],
    key: ['risk_id', 'seq'],
    indexes: [],
  },
  {
    name: 'rm_indicators',
    columns: [
      pid,
      text('indicator_id'),
      seq,
      text('name'),
      text('unit'),
      text('direction'),
      realNull('baseline_value'),
      textNull('baseline_on'),
      realNull('target_value'),
      textNull('target_by'),
      textNull('owner_partner_id'),
      textNull('workstream_id'),
      text('defined_on'),
      illustrative,
    ],
    key: ['indicator_id'],
    indexes: [],
  },
  {
    name: 'rm_measurements',
    columns: [
      pid,
      text('indicator_id'),
      seq,
      real('value'),
      text('measured_on'),
      textNull('note'),
      text('evidence_ids'),
      illustrative,
    ],
    key: ['indicator_id', 'seq'],
    indexes: [],
  },
  {
    name: 'rm_issues',
    columns: [
      pid,
      text('issue_id'),
      seq,
      text('kind'),
      text('title'),
      textNull('detail'),
      textNull('raised_by_partner_id'),
      text('addressed_to'),
      textNull('workstream_id'),
      text('status'),
      text('raised_on'),
      illustrative,
    ],
    key: ['issue_id'],
    indexes: [],
  },
  {
    name: 'rm_issue_responses',
    columns: [
      pid,
      text('issue_id'),
      seq,
      text('response'),
      text('status'),
      text('responded_on'),
      textNull('decision_id'),
      illustrative,
    ],
    key: ['issue_id', 'seq'],
    indexes: [],
  },
  {
    name: 'rm_evidence',
    columns: [
      pid,
      text('evidence_id'),
      seq,
      text('sha256'),
      text('file_name'),
      text('media_type'),
      int('bytes'),
      text('about'),
      text('attached_on'),
      illustrative,
    ],
    key: ['evidence_id'],
    indexes: [],
  },
] as const;
