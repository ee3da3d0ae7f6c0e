import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { peopleAndRoundTables } from './people-rounds-tables.js';
import { isPostgres } from './sql.js';
import { outcomeTables } from './outcome-tables.js';

/** SQL column types used by the read models. Money is `bigint` pence (PostgreSQL's integer stops at £21M). */
export type ColumnType = 'text' | 'integer' | 'bigint' | 'double precision';
export type Column = { name: string; type: ColumnType; nullable?: true };

export type TableSpec = {
  name: string;
  columns: readonly Column[];
  /** Primary key after `programme_id`. */
  key: readonly string[];
  /** Secondary indexes, each a column list (kept few: every index is more pages per commit). */
  indexes: readonly (readonly string[])[];
};

const text = (name: string): Column => ({ name, type: 'text' });
const textNull = (name: string): Column => ({ name, type: 'text', nullable: true });
const int = (name: string): Column => ({ name, type: 'integer' });
const pence = (name: string): Column => ({ name, type: 'bigint' });
const pid = text('programme_id');
const seq = int('seq');
const ragColumns = [
  textNull('rag'),
  textNull('rag_previous'),
  textNull('rag_changed_on'),
  textNull('rag_reason'),
  int('rag_illustrative'),
];
/** 1 where the thing or figure rests on an illustrative event, else 0. */
const illustrative = int('illustrative');
/** Migration 0006: the evidence a record cites, a JSON array of evidence ids (null in rows written before it). */
const evidenceIds = textNull('evidence_ids');

/**
 * Every read-model table, in the order a rebuild writes them. `rm_programmes` comes first; the
 * others are keyed by `(programme_id, ...key)` and ordered within a programme by `seq` (the
 * order the fold met them in), where order matters.
 */
export const readModelTables = [
  {
    name: 'rm_programmes',
    columns: [
      pid,
      text('name'),
      textNull('ambition'),
      textNull('starts_on'),
      textNull('ends_on'),
      int('version'),
      int('position'),
      ...ragColumns,
      textNull('open_meeting_id'),
      textNull('last_occurred_at'),
      illustrative,
      text('updated_at'),
    ],
    key: [],
    indexes: [],
  },
  {
    name: 'rm_partners',
    columns: [
      pid,
      text('partner_id'),
      seq,
      text('name'),
      text('sector'),
      textNull('lead'),
      text('joined_on'),
      ...ragColumns,
      illustrative,
      textNull('lead_person_id'),
    ],
    key: ['partner_id'],
    indexes: [],
  },
  {
    name: 'rm_highlight_reports',
    columns: [
      pid,
      text('partner_id'),
      text('reported_on'),
      text('lead'),
      text('summary'),
      text('successes'),
      text('challenges'),
      text('upcoming'),
      illustrative,
      textNull('round_id'),
      evidenceIds,
    ],
    key: ['partner_id'],
    indexes: [],
  },
  {
    name: 'rm_workstreams',
    columns: [
      pid,
      text('workstream_id'),
      seq,
      text('name'),
      textNull('lead_partner_id'),
      textNull('description'),
      text('created_on'),
      ...ragColumns,
      illustrative,
      // Migration 0006 (closing and merging workstreams).
      textNull('closed_on'),
      textNull('closed_reason'),
      textNull('merged_into_workstream_id'),
    ],
    key: ['workstream_id'],
    indexes: [],
  },
  {
    name: 'rm_milestones',
    columns: [
      pid,
      text('milestone_id'),
      seq,
      text('workstream_id'),
      text('title'),
      text('due_on'),
      text('original_due_on'),
      int('slip_days'),
      textNull('completed_on'),
      textNull('reschedule_reason'),
      illustrative,
    ],
    key: ['milestone_id'],
    indexes: [],
  },
  {
    name: 'rm_allocations',
    columns: [
      pid,
      text('allocation_id'),
      seq,
      text('source'),
      text('financial_year'),
      pence('amount_pence'),
      pence('spent_pence'),
      textNull('partner_id'),
      textNull('workstream_id'),
      textNull('purpose'),
      text('allocated_on'),
      illustrative,
    ],
    key: ['allocation_id'],
    indexes: [],
  },
  {
    name: 'rm_rag_history',
    columns: [
      pid,
      text('event_id'),
      seq,
      text('subject_kind'),
      textNull('subject_id'),
      text('rag'),
      textNull('previous'),
      text('changed_on'),
      text('reason'),
      illustrative,
    ],
    key: ['event_id'],
    indexes: [],
  },
  {
    name: 'rm_meetings',
    columns: [pid, text('meeting_id'), seq, text('title'), text('opened_at'), textNull('closed_at'), illustrative],
    key: ['meeting_id'],
    indexes: [],
  },
  {
    name: 'rm_meeting_attendees',
    columns: [pid, text('meeting_id'), seq, text('partner_id')],
    key: ['meeting_id', 'seq'],
    indexes: [],
  },
  {
    name: 'rm_meeting_papers',
    columns: [
      pid,
      text('meeting_id'),
      text('agenda'),
      textNull('current_item_id'),
      textNull('chair_person_id'),
      text('present'),
      text('apologies'),
      textNull('approved_at_meeting_id'),
      textNull('approved_on'),
    ],
    key: ['meeting_id'],
    indexes: [],
  },
  {
    name: 'rm_decisions',
    columns: [
      pid,
      text('decision_id'),
      seq,
      text('summary'),
      textNull('rationale'),
      text('alternatives_rejected'),
      text('conflicts_declared'),
      textNull('meeting_id'),
      text('decided_on'),
      illustrative,
      evidenceIds,
    ],
    key: ['decision_id'],
    indexes: [],
  },
  {
    name: 'rm_actions',
    columns: [
      pid,
      text('action_id'),
      seq,
      text('title'),
      text('owner_partner_id'),
      text('due_on'),
      textNull('decision_id'),
      text('assigned_on'),
      textNull('completed_on'),
      illustrative,
      textNull('owner_person_id'),
    ],
    key: ['action_id'],
    indexes: [],
  },
  {
    name: 'rm_risks',
    columns: [
      pid,
      text('risk_id'),
      seq,
      text('title'),
      int('likelihood'),
      int('impact'),
      int('score'),
      textNull('owner_partner_id'),
      text('raised_on'),
      textNull('closed_on'),
      textNull('closed_reason'),
      illustrative,
      textNull('owner_person_id'),
    ],
    key: ['risk_id'],
    indexes: [],
  },
  {
    name: 'rm_training',
    columns: [pid, int('level'), int('sessions'), int('attendees'), illustrative, evidenceIds],
    key: ['level'],
    indexes: [],
  },
  {
    name: 'rm_champions',
    columns: [
      pid,
      text('champion_id'),
      seq,
      text('partner_id'),
      text('name'),
      textNull('role'),
      text('appointed_on'),
      illustrative,
      textNull('person_id'),
    ],
    key: ['champion_id'],
    indexes: [],
  },
  {
    name: 'rm_maturity',
    columns: [
      pid,
      text('maturity_key'),
      seq,
      textNull('partner_id'),
      text('domain'),
      text('level'),
      textNull('evidence'),
      text('assessed_on'),
      illustrative,
      evidenceIds,
    ],
    key: ['maturity_key'],
    indexes: [],
  },
  ...peopleAndRoundTables,
  ...outcomeTables,
] as const satisfies readonly TableSpec[];

export type ReadModelTableName = (typeof readModelTables)[number]['name'];

/** Funding by financial year is a view over `rm_allocations`: a table would cost a row write per spend. */
export const readModelViews = [
  {
    name: 'rm_funding_by_year',
    select: (allocations: string) =>
      `select programme_id, financial_year, sum(amount_pence) as allocated_pence, sum(spent_pence) as spent_pence, count(*) as allocations, max(illustrative) as illustrative from ${allocations} group by programme_id, financial_year`,
  },
] as const;

/**
 * Creates the read-model tables as they are today, under `name + suffix`; `tag` makes constraint
 * and index names unique, since a rebuilt table is renamed into place and keeps them. This is the
 * rebuild's own copy of the DDL: migration 0002 keeps its literal one, frozen.
 */
export const createReadModelTables = async (db: Kysely<any>, suffix: string, tag: string) => {
  const pg = isPostgres(db);
  for (const spec of readModelTables as readonly TableSpec[]) {
    const table = `${spec.name}${suffix}`;
    let builder = db.schema.createTable(table);
    for (const c of spec.columns)
      builder = builder.addColumn(c.name, c.type, (col) => (c.nullable ? col : col.notNull()));
    builder = builder.addPrimaryKeyConstraint(`${spec.name}_pk${tag}`, ['programme_id', ...spec.key] as never);
    // One B-tree per table on SQLite instead of a rowid table plus its key index: half the pages per write.
    if (!pg) builder = builder.modifyEnd(sql`without rowid`);
    await builder.execute();
    for (const [i, columns] of spec.indexes.entries())
      await db.schema
        .createIndex(`${spec.name}_ix${i}${tag}`)
        .on(table)
        .columns([...columns])
        .execute();
  }
};

export const createReadModelViews = async (db: Kysely<any>) => {
  for (const v of readModelViews) await sql.raw(`create view ${v.name} as ${v.select('rm_allocations')}`).execute(db);
};

export const dropReadModelViews = async (db: Kysely<any>) => {
  for (const v of readModelViews) await sql.raw(`drop view if exists ${v.name}`).execute(db);
};
