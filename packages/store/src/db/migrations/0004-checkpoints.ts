import type { Kysely, Migration } from 'kysely';

/**
 * Signed checkpoints of the chain head. Each row keeps the public key that signed it, so a
 * checkpoint made under an earlier key (a restore onto a new machine) still verifies as what it is.
 * Frozen in time: takes Kysely<any>, never today's schema types.
 */
export const checkpointsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('signed_checkpoints')
      .addColumn('position', 'integer', (c) => c.primaryKey())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('signed_at', 'text', (c) => c.notNull())
      .addColumn('signature', 'text', (c) => c.notNull())
      .addColumn('public_key', 'text', (c) => c.notNull())
      .execute();
  },
};
