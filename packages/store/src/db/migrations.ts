import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { Migrator, sql } from 'kysely';
import { relationalReadModels } from './migrations/0002-relational-read-models.js';
import { signIn } from './migrations/0003-sign-in.js';
import { checkpointsMigration } from './migrations/0004-checkpoints.js';
import { meetingPapersMigration } from './migrations/0007-meeting-papers.js';
import { peopleAndRounds } from './migrations/0005-people-and-rounds.js';
import { outcomesMigration } from './migrations/0006-outcomes.js';
import { fewerReadModelIndexes } from './migrations/0008-fewer-read-model-indexes.js';
import { highlightReportEvidence } from './migrations/0009-highlight-report-evidence.js';

// Migrations are frozen in time: they take Kysely<any> and never import today's schema types.
const migrations: Record<string, Migration> = {
  '0001-initial': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('events')
        .addColumn('position', 'integer', (c) => c.primaryKey())
        .addColumn('programme_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('schema_version', 'integer', (c) => c.notNull())
        .addColumn('occurred_at', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('meta', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addUniqueConstraint('events_programme_version', ['programme_id', 'version'])
        .execute();
      await db.schema
        .createTable('idempotency')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('programme_id', 'text', (c) => c.notNull())
        .addColumn('response', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('personal_keys')
        .addColumn('subject', 'text', (c) => c.primaryKey())
        .addColumn('key', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('erased_at', 'text')
        .execute();
      await db.schema
        .createTable('tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('partner_id', 'text')
        .addColumn('programme_id', 'text')
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema
        .createTable('checkpoints')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('position', 'integer', (c) => c.notNull())
        .execute();
      // The first read models: JSON documents per thing (migration 0002 replaces them with tables).
      await db.schema
        .createTable('rm_programmes')
        .addColumn('programme_id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('rag', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('doc', 'text', (c) => c.notNull())
        .execute();
      for (const table of [
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
      ])
        await db.schema
          .createTable(table)
          .addColumn('programme_id', 'text', (c) => c.notNull())
          .addColumn('entity_id', 'text', (c) => c.notNull())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('doc', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint(`${table}_pk`, ['programme_id', 'entity_id'])
          .execute();
      await sql`insert into checkpoints (name, position) values ('read_models', 0)`.execute(db);
    },
  },
  '0002-relational-read-models': relationalReadModels,
  '0003-sign-in': signIn,
  '0004-checkpoints': checkpointsMigration,
  '0007-meeting-papers': meetingPapersMigration,
  '0005-people-and-rounds': peopleAndRounds,
  '0006-outcomes': outcomesMigration,
  '0008-fewer-read-model-indexes': fewerReadModelIndexes,
  '0009-highlight-report-evidence': highlightReportEvidence,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date; safe to run at every start. */
export const migrateToLatest = async (db: Kysely<any>) => {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error)
    throw new Error(`migration failed: ${results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'}`, {
      cause: error,
    });
};
