import type { Kysely, Migration } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

// Frozen in time: this file never imports today's schema or the rebuild's DDL.

type Col = readonly [name: string, type: 'text' | 'integer' | 'bigint', nullable?: 'null'];

const rag: Col[] = [
  ['rag', 'text', 'null'],
  ['rag_previous', 'text', 'null'],
  ['rag_changed_on', 'text', 'null'],
  ['rag_reason', 'text', 'null'],
  ['rag_illustrative', 'integer'],
];

const tables: { name: string; columns: Col[]; key: string[]; indexes: string[][] }[] = [
  {
    name: 'rm_programmes',
    columns: [
      ['programme_id', 'text'],
      ['name', 'text'],
      ['ambition', 'text', 'null'],
      ['starts_on', 'text', 'null'],
      ['ends_on', 'text', 'null'],
      ['version', 'integer'],
      ['position', 'integer'],
      ...rag,
      ['open_meeting_id', 'text', 'null'],
      ['last_occurred_at', 'text', 'null'],
      ['illustrative', 'integer'],
      ['updated_at', 'text'],
    ],
    key: [],
    indexes: [['position']],
  },
  {
    name: 'rm_partners',
    columns: [
      ['programme_id', 'text'],
      ['partner_id', 'text'],
      ['seq', 'integer'],
      ['name', 'text'],
      ['sector', 'text'],
      ['lead', 'text', 'null'],
      ['joined_on', 'text'],
      ...rag,
      ['illustrative', 'integer'],
    ],
    key: ['partner_id'],
    indexes: [],
  },
  {
    name: 'rm_highlight_reports',
    columns: [
      ['programme_id', 'text'],
      ['partner_id', 'text'],
      ['reported_on', 'text'],
      ['lead', 'text'],
      ['summary', 'text'],
      ['successes', 'text'],
      ['challenges', 'text'],
      ['upcoming', 'text'],
      ['illustrative', 'integer'],
    ],
    key: ['partner_id'],
    indexes: [],
  },
  {
    name: 'rm_workstreams',
    columns: [
      ['programme_id', 'text'],
      ['workstream_id', 'text'],
      ['seq', 'integer'],
      ['name', 'text'],
      ['lead_partner_id', 'text', 'null'],
      ['description', 'text', 'null'],
      ['created_on', 'text'],
      ...rag,
      ['illustrative', 'integer'],
    ],
    key: ['workstream_id'],
    indexes: [],
  },
  {
    name: 'rm_milestones',
    columns: [
      ['programme_id', 'text'],
      ['milestone_id', 'text'],
      ['seq', 'integer'],
      ['workstream_id', 'text'],
      ['title', 'text'],
      ['due_on', 'text'],
      ['original_due_on', 'text'],
      ['slip_days', 'integer'],
      ['completed_on', 'text', 'null'],
      ['reschedule_reason', 'text', 'null'],
      ['illustrative', 'integer'],
    ],
    key: ['milestone_id'],
    indexes: [['programme_id', 'workstream_id']],
  },
  {
    name: 'rm_allocations',
    columns: [
      ['programme_id', 'text'],
      ['allocation_id', 'text'],
      ['seq', 'integer'],
      ['source', 'text'],
      ['financial_year', 'text'],
      ['amount_pence', 'bigint'],
      ['spent_pence', 'bigint'],
      ['partner_id', 'text', 'null'],
      ['workstream_id', 'text', 'null'],
      ['purpose', 'text', 'null'],
      ['allocated_on', 'text'],
      ['illustrative', 'integer'],
    ],
    key: ['allocation_id'],
    indexes: [],
  },
  {
    name: 'rm_rag_history',
    columns: [
      ['programme_id', 'text'],
      ['event_id', 'text'],
      ['seq', 'integer'],
      ['subject_kind', 'text'],
      ['subject_id', 'text', 'null'],
      ['rag', 'text'],
      ['previous', 'text', 'null'],
      ['changed_on', 'text'],
      ['reason', 'text'],
      ['illustrative', 'integer'],
    ],
    key: ['event_id'],
    indexes: [],
  },
  {
    name: 'rm_meetings',
    columns: [
      ['programme_id', 'text'],
      ['meeting_id', 'text'],
      ['seq', 'integer'],
      ['title', 'text'],
      ['opened_at', 'text'],
      ['closed_at', 'text', 'null'],
      ['illustrative', 'integer'],
    ],
    key: ['meeting_id'],
    indexes: [],
  },
  {
    name: 'rm_meeting_attendees',
    columns: [
      ['programme_id', 'text'],
      ['meeting_id', 'text'],
      ['seq', 'integer'],
      ['partner_id', 'text'],
    ],
    key: ['meeting_id', 'seq'],
    indexes: [],
  },
  {
    name: 'rm_decisions',
    columns: [
      ['programme_id', 'text'],
      ['decision_id', 'text'],
      ['seq', 'integer'],
      ['summary', 'text'],
      ['rationale', 'text', 'null'],
      ['alternatives_rejected', 'text'],
      ['conflicts_declared', 'text'],
      ['meeting_id', 'text', 'null'],
      ['decided_on', 'text'],
      ['illustrative', 'integer'],
    ],
    key: ['decision_id'],
    indexes: [],
  },
  {
    name: 'rm_actions',
    columns: [
      ['programme_id', 'text'],
      ['action_id', 'text'],
      ['seq', 'integer'],
      ['title', 'text'],
      ['owner_partner_id', 'text'],
      ['due_on', 'text'],
      ['decision_id', 'text', 'null'],
      ['assigned_on', 'text'],
      ['completed_on', 'text', 'null'],
      ['illustrative', 'integer'],
    ],
    key: ['action_id'],
    indexes: [['programme_id', 'owner_partner_id']],
  },
  {
    name: 'rm_risks',
    columns: [
      ['programme_id', 'text'],
      ['risk_id', 'text'],
      ['seq', 'integer'],
      ['title', 'text'],
      ['likelihood', 'integer'],
      ['impact', 'integer'],
      ['score', 'integer'],
      ['owner_partner_id', 'text', 'null'],
      ['raised_on', 'text'],
      ['closed_on', 'text', 'null'],
      ['closed_reason', 'text', 'null'],
      ['illustrative', 'integer'],
    ],
    key: ['risk_id'],
    indexes: [],
  },
  {
    name: 'rm_training',
    columns: [
      ['programme_id', 'text'],
      ['level', 'integer'],
      ['sessions', 'integer'],
      ['attendees', 'integer'],
      ['illustrative', 'integer'],
    ],
    key: ['level'],
    indexes: [],
  },
  {
    name: 'rm_champions',
    columns: [
      ['programme_id', 'text'],
      ['champion_id', 'text'],
      ['seq', 'integer'],
      ['partner_id', 'text'],
      ['name', 'text'],
      ['role', 'text', 'null'],
      ['appointed_on', 'text'],
      ['illustrative', 'integer'],
    ],
    key: ['champion_id'],
    indexes: [],
  },
  {
    name: 'rm_maturity',
    columns: [
      ['programme_id', 'text'],
      ['maturity_key', 'text'],
      ['seq', 'integer'],
      ['partner_id', 'text', 'null'],
      ['domain', 'text'],
      ['level', 'text'],
      ['evidence', 'text', 'null'],
      ['assessed_on', 'text'],
      ['illustrative', 'integer'],
    ],
    key: ['maturity_key'],
    indexes: [],
  },
];

const oldTables = [
  'rm_programmes',
  'rm_partners',
  'rm_workstreams',
  'rm_milestones',
  'rm_allocations',
  'rm_meetings',
  'rm_decisions',
  'rm_actions',
  'rm_risks',
  'rm_training',
  'rm_champions',
  'rm_maturity',
];

/**
 * Read models as relational tables with typed columns (docs/read-models.md), replacing the JSON
 * documents of 0001. They start empty: the log is the source, and the store rebuilds them at the
 * next start because their position (0) is behind the log's head.
 */
export const relationalReadModels: Migration = {
  async up(db: Kysely<any>) {
    const pg = db.getExecutor().adapter instanceof PostgresAdapter;
    // The old documents held names in clear: let SQLite zero the pages they free.
    if (!pg) await sql`pragma secure_delete = on`.execute(db);
    for (const t of oldTables) await db.schema.dropTable(t).execute();
    if (!pg) await sql`pragma secure_delete = off`.execute(db);
    for (const t of tables) {
      let builder = db.schema.createTable(t.name);
      for (const [name, type, nullable] of t.columns)
        builder = builder.addColumn(name, type, (c) => (nullable ? c : c.notNull()));
      builder = builder.addPrimaryKeyConstraint(`${t.name}_pk`, ['programme_id', ...t.key] as never);
      if (!pg) builder = builder.modifyEnd(sql`without rowid`);
      await builder.execute();
      for (const [i, columns] of t.indexes.entries())
        await db.schema.createIndex(`${t.name}_ix${i}`).on(t.name).columns(columns).execute();
    }
    await sql`create view rm_funding_by_year as select programme_id, financial_year, sum(amount_pence) as allocated_pence, sum(spent_pence) as spent_pence, count(*) as allocations, max(illustrative) as illustrative from rm_allocations group by programme_id, financial_year`.execute(
      db,
    );
  },
};
