import type { Kysely, Migration } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

// Frozen in time: this file never imports today's schema or the rebuild's DDL.

type Col = readonly [name: string, type: 'text' | 'integer' | 'double precision', nullable?: 'null'];

const pid: Col = ['programme_id', 'text'];
const seq: Col = ['seq', 'integer'];
const illustrative: Col = ['illustrative', 'integer'];

const tables: { name: string; columns: Col[]; key: string[] }[] = [
  {
    name: 'rm_risk_scores',
    columns: [
      pid,
      ['risk_id', 'text'],
      seq,
      ['scored_on', 'text'],
      ['likelihood', 'integer'],
      ['impact', 'integer'],
      ['score', 'integer'],
      ['reason', 'text', 'null'],
      illustrative,
    ],
    key: ['risk_id', 'seq'],
  },
  {
    name: 'rm_indicators',
    columns: [
      pid,
      ['indicator_id', 'text'],
      seq,
      ['name', 'text'],
      ['unit', 'text'],
      ['direction', 'text'],
      ['baseline_value', 'double precision', 'null'],
      ['baseline_on', 'text', 'null'],
      ['target_value', 'double precision', 'null'],
      ['target_by', 'text', 'null'],
      ['owner_partner_id', 'text', 'null'],
      ['workstream_id', 'text', 'null'],
      ['defined_on', 'text'],
      illustrative,
    ],
    key: ['indicator_id'],
  },
  {
    name: 'rm_measurements',
    columns: [
      pid,
      ['indicator_id', 'text'],
      seq,
      ['value', 'double precision'],
      ['measured_on', 'text'],
      ['note', 'text', 'null'],
      ['evidence_ids', 'text'],
      illustrative,
    ],
    key: ['indicator_id', 'seq'],
  },
  {
    name: 'rm_issues',
    columns: [
      pid,
      ['issue_id', 'text'],
      seq,
      ['kind', 'text'],
      ['title', 'text'],
      ['detail', 'text', 'null'],
      ['raised_by_partner_id', 'text', 'null'],
      ['addressed_to', 'text'],
      ['workstream_id', 'text', 'null'],
      ['status', 'text'],
      ['raised_on', 'text'],
      illustrative,
    ],
    key: ['issue_id'],
  },
  {
    name: 'rm_issue_responses',
    columns: [
      pid,
      ['issue_id', 'text'],
      seq,
      ['response', 'text'],
      ['status', 'text'],
      ['responded_on', 'text'],
      ['decision_id', 'text', 'null'],
      illustrative,
    ],
    key: ['issue_id', 'seq'],
  },
  {
    name: 'rm_evidence',
    columns: [
      pid,
      ['evidence_id', 'text'],
      seq,
      ['sha256', 'text'],
      ['file_name', 'text'],
      ['media_type', 'text'],
      ['bytes', 'integer'],
      ['about', 'text'],
      ['attached_on', 'text'],
      illustrative,
    ],
    key: ['evidence_id'],
  },
];

const added: { table: string; columns: string[] }[] = [
  { table: 'rm_workstreams', columns: ['closed_on', 'closed_reason', 'merged_into_workstream_id'] },
  { table: 'rm_decisions', columns: ['evidence_ids'] },
  { table: 'rm_training', columns: ['evidence_ids'] },
  { table: 'rm_maturity', columns: ['evidence_ids'] },
];

/**
 * Outcomes, issues and asks, evidence (issue 16): the read-model tables for indicators and their
 * measurements, issues and their responses, evidence and risk scorings, the new columns of
 * workstreams (closed, merged) and of the records that cite evidence; and the evidence files
 * themselves, stored once per content hash.
 *
 * Existing risks have a scoring (their raise) that the new `rm_risk_scores` lacks, so the read
 * models' position is set back to 0: the next start rebuilds them from the log, as after 0002.
 */
export const outcomesMigration: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- frozen in time: no schema types
  async up(db: Kysely<any>) {
    const pg = db.getExecutor().adapter instanceof PostgresAdapter;
    for (const t of tables) {
      let builder = db.schema.createTable(t.name);
      for (const [name, type, nullable] of t.columns)
        builder = builder.addColumn(name, type, (c) => (nullable ? c : c.notNull()));
      builder = builder.addPrimaryKeyConstraint(`${t.name}_pk`, ['programme_id', ...t.key] as never);
      if (!pg) builder = builder.modifyEnd(sql`without rowid`);
      await builder.execute();
    }
    for (const { table, columns } of added)
      for (const column of columns) await db.schema.alterTable(table).addColumn(column, 'text').execute();
    await db.schema
      .createTable('evidence_files')
      .addColumn('sha256', 'text', (c) => c.primaryKey())
      .addColumn('content', pg ? 'bytea' : 'blob', (c) => c.notNull())
      .addColumn('bytes', 'integer', (c) => c.notNull())
      .addColumn('stored_at', 'text', (c) => c.notNull())
      .execute();
    await sql`update rm_programmes set position = 0`.execute(db);
  },
};
