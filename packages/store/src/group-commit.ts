import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Db, WriteOptions } from './db/connect.js';
import type { Database } from './db/schema.js';

/** What a unit of work does with its jobs; everything it knows of the store comes through here. */
export type UnitOfWork<TJob, TResult, TMark> = {
  /** Once per transaction, before its first job (catching up with other processes, say). */
  begin: (trx: Kysely<Database>) => Promise<void>;
  /** One job, inside the transaction (and in its own savepoint when it shares it). */
  run: (trx: Kysely<Database>, job: TJob) => Promise<TResult>;
  /** A refusal (a rule said no) touches only its own job; anything else fails the transaction when alone in it. */
  isRefusal: (error: unknown) => boolean;
  /** In-memory state to restore when a job's savepoint rolls back. */
  mark: () => TMark;
  restore: (mark: TMark, job: TJob, error: unknown) => void;
  /** How the next transaction is written (see `WriteOptions`). */
  plan: () => WriteOptions;
  /** The jobs have run and these will commit: the last word before the commit is sent. */
  committing: (trx: Kysely<Database>, results: readonly TResult[]) => void;
  /** The transaction is durable: announce its results (runs before the next transaction begins). */
  committed: (results: readonly TResult[]) => void;
  /**
   * The whole transaction rolled back (with `error`), or (`HeadMoved`) is about to run its jobs
   * again: drop whatever was cached on behalf of `jobs`.
   */
  rolledBack: (error: unknown, jobs: readonly TJob[]) => Promise<void>;
  /** Nothing was written and trying again may succeed (another process held the lock too long). */
  isRetryable: (error: unknown) => boolean;
};

type Pending<TJob, TResult> = { job: TJob; resolve: (r: TResult) => void; reject: (e: unknown) => void };
type Outcome<TResult> = { ok: true; result: TResult } | { ok: false; error: unknown };

const MAX_ATTEMPTS = 5;

/**
 * Group commit: jobs that arrive while a transaction is being written wait, then go together in
 * the next one, each in its own savepoint, so one fsync serves many and a refusal touches nothing
 * but itself. Every caller is answered only once its transaction is durable.
 */
export class GroupCommit<TJob, TResult, TMark> {
  private readonly queue: Pending<TJob, TResult>[] = [];
  private draining = false;

  constructor(
    private readonly db: Db,
    private readonly work: UnitOfWork<TJob, TResult, TMark>,
    private readonly maxBatch: number,
  ) {}

  submit(job: TJob): Promise<TResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      void this.drain();
    });
  }

  private async drain() {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        // SQLite runs a whole transaction, fsync included, without yielding to the event loop:
        // one turn first lets requests that have already arrived join this batch.
        if (this.maxBatch > 1) await new Promise((resolve) => setImmediate(resolve));
        await this.commit(this.queue.splice(0, this.maxBatch));
      }
    } finally {
      this.draining = false;
    }
  }

  private async commit(batch: Pending<TJob, TResult>[]) {
    const jobs = batch.map((p) => p.job);
    for (let attempt = 1; ; attempt++) {
      const outcomes: Outcome<TResult>[] = [];
      try {
        const ok = () => outcomes.flatMap((o) => (o.ok ? [o.result] : []));
        await this.db.write(
          async (trx) => {
            // Run again, whole, when the head it was decided against moved (`onHeadMoved`).
            outcomes.length = 0;
            await this.work.begin(trx);
            const shared = batch.length > 1;
            for (const [i, p] of batch.entries()) outcomes.push(await this.step(trx, shared ? i : null, p.job));
            this.work.committing(trx, ok());
          },
          () => this.work.committed(ok()),
          { ...this.work.plan(), onHeadMoved: (error) => this.work.rolledBack(error, jobs) },
        );
      } catch (error) {
        // A store closed mid-transaction cannot reload what it cached; its next transaction does.
        await this.work.rolledBack(error, jobs).catch(() => undefined);
        if (this.work.isRetryable(error) && attempt < MAX_ATTEMPTS) continue;
        // A write that failed at the commit (PostgreSQL sends a transaction's writes together)
        // may be one job's: each then runs alone, so the others are not refused on its account.
        if (batch.length > 1) {
          for (const p of batch) await this.commit([p]);
          return;
        }
        for (const p of batch) p.reject(error);
        return;
      }
      for (const [i, p] of batch.entries()) {
        const o = outcomes[i]!;
        if (o.ok) p.resolve(o.result);
        else p.reject(o.error);
      }
      return;
    }
  }

  /** One job; in savepoint `c{index}` when it shares the transaction with others. */
  private async step(trx: Kysely<Database>, index: number | null, job: TJob): Promise<Outcome<TResult>> {
    const mark = this.work.mark();
    const savepoint = index === null ? null : sql.raw(`c${index}`);
    if (savepoint) await sql`savepoint ${savepoint}`.execute(trx);
    try {
      const result = await this.work.run(trx, job);
      if (savepoint) await sql`release savepoint ${savepoint}`.execute(trx);
      return { ok: true, result };
    } catch (error) {
      // Alone in its transaction, a failure that is not a refusal rolls the whole transaction back.
      if (!savepoint && !this.work.isRefusal(error)) throw error;
      if (savepoint) await sql`rollback to savepoint ${savepoint}`.execute(trx);
      this.work.restore(mark, job, error);
      return { ok: false, error };
    }
  }
}
