import type { Kysely, Migration } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

/**
 * A meeting's papers beside its row: the agenda (JSON), the item under way, the chair and
 * attendance (JSON lists of person ids) and the approval of its minute. A meeting has a row here
 * only once it has any of these, so the meetings recorded before this migration need none and
 * the tables stay equal to the fold without a rebuild. Frozen in time: takes Kysely<any>.
 */
export const meetingPapersMigration: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- frozen migrations take Kysely<any>
  async up(db: Kysely<any>) {
    const pg = db.getExecutor().adapter instanceof PostgresAdapter;
    let builder = db.schema
      .createTable('rm_meeting_papers')
      .addColumn('programme_id', 'text', (c) => c.notNull())
      .addColumn('meeting_id', 'text', (c) => c.notNull())
      .addColumn('agenda', 'text', (c) => c.notNull())
      .addColumn('current_item_id', 'text')
      .addColumn('chair_person_id', 'text')
      .addColumn('present', 'text', (c) => c.notNull())
      .addColumn('apologies', 'text', (c) => c.notNull())
      .addColumn('approved_at_meeting_id', 'text')
      .addColumn('approved_on', 'text')
      .addPrimaryKeyConstraint('rm_meeting_papers_pk', ['programme_id', 'meeting_id']);
    if (!pg) builder = builder.modifyEnd(sql`without rowid`);
    await builder.execute();
  },
};
