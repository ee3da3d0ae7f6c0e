import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';

/**
 * The evidence a highlight report cites (`evidenceIds` of SubmitHighlightReport, issue 16), as an
 * `evidence_ids` column (a JSON array) on `rm_highlight_reports`. Rows written before it read as
 * citing nothing; when the log holds a report that cites evidence, the read models' position is
 * set back to 0 so that the next start rebuilds them from the log, as after 0006.
 * Frozen in time: takes Kysely<any>.
 */
export const highlightReportEvidence: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- frozen migrations take Kysely<any>
  async up(db: Kysely<any>) {
    await db.schema.alterTable('rm_highlight_reports').addColumn('evidence_ids', 'text').execute();
    // Event data is canonical JSON, and evidence ids are never sealed personal data.
    const { rows } = await sql<{ found: number }>`select 1 as found from events
      where type = 'HighlightReportSubmitted' and data like ${'%"evidenceIds":["%'} limit 1`.execute(db);
    if (rows.length > 0) await sql`update rm_programmes set position = 0`.execute(db);
  },
};
