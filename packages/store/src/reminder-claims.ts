import { sql } from 'kysely';
import type { Db } from './db/connect.js';

/** One automatic reminder: a round's reminder of one kind to one person. */
export type ReminderKey = { programmeId: string; roundId: string; personId: string; kind: string };

/** A reminder the SMTP server did not take, as the round tracker shows it. */
export type ReminderFailure = {
  roundId: string;
  personId: string;
  kind: string;
  attempts: number;
  lastError: string;
  lastErrorAt: string;
  /** When the next attempt may start. */
  retryAfter: string;
};

/** `claimed_until` of a reminder the log records as sent: no lease ever runs out. */
const DONE = '9999-12-31T23:59:59.999Z';

const where = (k: ReminderKey) =>
  sql`programme_id = ${k.programmeId} and round_id = ${k.roundId} and person_id = ${k.personId} and kind = ${k.kind}`;

/**
 * Claims on reminders, shared by every server on one database, so that only one of them sends a
 * given reminder. A claim is a row per reminder with a lease: inserting it, or taking it over
 * once its lease has run out, is one statement that at most one writer wins (SQLite serialises
 * writers; PostgreSQL's `on conflict do update ... where` re-checks the lease on the row it
 * locked). The winner sends, then records `ReminderSent` and marks the claim done; on a failure
 * it releases the claim with the error and a time to retry after.
 *
 * What this cannot promise: a winner that dies after the SMTP server accepted the mail and before
 * `ReminderSent` was committed leaves a claim whose lease runs out, and the next winner sends the
 * mail again. Duplicates are possible only in that window; a reminder is never lost.
 */
export class ReminderClaims {
  constructor(private readonly db: Db) {}

  /** True when `holder` now holds the claim until `until` (nobody held it, or their lease ran out before `now`). */
  async claim(key: ReminderKey, holder: string, now: string, until: string): Promise<boolean> {
    return this.db.write(async (trx) => {
      const rows = await sql<{ holder: string }>`
        insert into reminder_claims (programme_id, round_id, person_id, kind, holder, claimed_until, attempts)
        values (${key.programmeId}, ${key.roundId}, ${key.personId}, ${key.kind}, ${holder}, ${until}, 0)
        on conflict (programme_id, round_id, person_id, kind) do update
          set holder = excluded.holder, claimed_until = excluded.claimed_until
          where reminder_claims.claimed_until < ${now}
        returning holder`.execute(trx);
      return rows.rows[0]?.holder === holder;
    });
  }

  /** The reminder is recorded as sent: the claim is never taken again. */
  async done(key: ReminderKey, holder: string) {
    await this.db.write(async (trx) => {
      await sql`update reminder_claims set claimed_until = ${DONE}, last_error = null, last_error_at = null
        where ${where(key)} and holder = ${holder}`.execute(trx);
    });
  }

  /** Sending failed: the claim is released with the error, to be tried again from `retryAfter`. */
  async failed(key: ReminderKey, holder: string | null, error: string, now: string, retryAfter: string) {
    await this.db.write(async (trx) => {
      // A manual reminder holds no claim: its failure is noted all the same, for the tracker.
      await sql`
        insert into reminder_claims (programme_id, round_id, person_id, kind, holder, claimed_until, attempts, last_error, last_error_at)
        values (${key.programmeId}, ${key.roundId}, ${key.personId}, ${key.kind}, null, ${retryAfter}, 1, ${error}, ${now})
        on conflict (programme_id, round_id, person_id, kind) do update
          set holder = null, claimed_until = ${retryAfter}, attempts = reminder_claims.attempts + 1,
              last_error = ${error}, last_error_at = ${now}
          where ${holder === null ? sql`true` : sql`reminder_claims.holder = ${holder}`}`.execute(trx);
    });
  }

  /** A manual reminder went out: its last failure no longer stands. */
  async cleared(key: ReminderKey) {
    await this.db.write(async (trx) => {
      await sql`update reminder_claims set last_error = null, last_error_at = null where ${where(key)}`.execute(trx);
    });
  }

  /** Reminders of a programme whose last attempt failed and that have not gone since, newest first. */
  async failures(programmeId: string): Promise<ReminderFailure[]> {
    const rows = await sql<{
      round_id: string;
      person_id: string;
      kind: string;
      attempts: unknown;
      last_error: string;
      last_error_at: string;
      claimed_until: string;
    }>`select round_id, person_id, kind, attempts, last_error, last_error_at, claimed_until from reminder_claims
       where programme_id = ${programmeId} and last_error is not null order by last_error_at desc`.execute(
      this.db.kysely,
    );
    return rows.rows.map((r) => ({
      roundId: r.round_id,
      personId: r.person_id,
      kind: r.kind,
      attempts: Number(r.attempts),
      lastError: r.last_error,
      lastErrorAt: r.last_error_at,
      retryAfter: r.claimed_until,
    }));
  }
}
