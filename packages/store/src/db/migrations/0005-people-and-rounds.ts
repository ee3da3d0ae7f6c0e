import type { Kysely, Migration } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

// Frozen in time: this file never imports today's schema or the rebuild's DDL.

type Col = readonly [name: string, type: 'text' | 'integer', nullable?: 'null'];

const tables: { name: string; columns: Col[]; key: string[] }[] = [
  {
    name: 'rm_people',
    columns: [
      ['programme_id', 'text'],
      ['person_id', 'text'],
      ['seq', 'integer'],
      ['name', 'text'],
      ['email', 'text', 'null'],
      ['partner_id', 'text', 'null'],
      ['role', 'text', 'null'],
      ['receives_reminders', 'integer'],
      ['added_on', 'text'],
      ['illustrative', 'integer'],
    ],
    key: ['person_id'],
  },
  {
    name: 'rm_reporting_rounds',
    columns: [
      ['programme_id', 'text'],
      ['round_id', 'text'],
      ['seq', 'integer'],
      ['title', 'text'],
      ['period_from', 'text'],
      ['period_to', 'text'],
      ['due_on', 'text'],
      ['opened_on', 'text'],
      ['closed_on', 'text', 'null'],
      ['illustrative', 'integer'],
    ],
    key: ['round_id'],
  },
  {
    name: 'rm_round_returns',
    columns: [
      ['programme_id', 'text'],
      ['round_id', 'text'],
      ['partner_id', 'text'],
      ['seq', 'integer'],
      ['submitted_on', 'text', 'null'],
    ],
    key: ['round_id', 'partner_id'],
  },
  {
    name: 'rm_reminders',
    columns: [
      ['programme_id', 'text'],
      ['round_id', 'text'],
      ['seq', 'integer'],
      ['partner_id', 'text'],
      ['person_id', 'text'],
      ['kind', 'text'],
      ['sent_at', 'text'],
    ],
    key: ['round_id', 'seq'],
  },
];

/** Columns naming a person where one is meant (contract v2 "People") and a report's round: null on every row written before. */
const personColumns: [table: string, column: string][] = [
  ['rm_partners', 'lead_person_id'],
  ['rm_actions', 'owner_person_id'],
  ['rm_risks', 'owner_person_id'],
  ['rm_champions', 'person_id'],
  ['rm_highlight_reports', 'round_id'],
];

/**
 * People, reporting rounds, their returns and reminders as read-model tables, and the claims that
 * let one server of several send each automatic reminder (`reminder_claims`). The new tables start
 * empty and the new columns null, which is what the log before them folds to.
 */
export const peopleAndRounds: Migration = {
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
    for (const [table, column] of personColumns) await db.schema.alterTable(table).addColumn(column, 'text').execute();
    await db.schema
      .createTable('reminder_claims')
      .addColumn('programme_id', 'text', (c) => c.notNull())
      .addColumn('round_id', 'text', (c) => c.notNull())
      .addColumn('person_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('holder', 'text')
      .addColumn('claimed_until', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('last_error', 'text')
      .addColumn('last_error_at', 'text')
      .addPrimaryKeyConstraint('reminder_claims_pk', ['programme_id', 'round_id', 'person_id', 'kind'])
      .execute();
  },
};
