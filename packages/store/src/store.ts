import type { Command, RecordedEvent } from '@steerlog/domain';
import { applyEvent, branchState, needsRefold } from '@steerlog/domain';
import type { Kysely } from 'kysely';
import type { Handled, CommandResult, HandleOptions, HandlerContext, CommandJob, Decision } from './command-handler.js';
import { handleCommand, isRefusal } from './command-handler.js';
import type { CommitListener } from './commit-feed.js';
import { readEvent } from './codec.js';
import { CommitFeed } from './commit-feed.js';
import type { CommitNotice, Db } from './db/connect.js';
import { HeadMoved } from './db/connect.js';
import { migrateToLatest } from './db/migrations.js';
import type { Database, EventRow } from './db/schema.js';
import { EventCache } from './event-cache.js';
import { GroupCommit } from './group-commit.js';
import type { Head } from './log.js';
import type { VersionTicket } from './queries.js';
import { emptyHead, readHead, readRowsAfter } from './log.js';
import { PersonalDataVault } from './personal-data.js';
import { rowsOf } from './projection.js';
import { readModelPosition } from './read-models/read.js';
import { branchRows } from './read-models/rows.js';
import type { CachedState } from './state-cache.js';
import { StateCache } from './state-cache.js';

export type { CommandResult, HandleOptions } from './command-handler.js';
export type { CommitListener } from './commit-feed.js';

export type StoreOptions = {
  /** Write commands that arrive together in one transaction (default true). */
  groupCommit?: boolean;
  /** Decoded events kept in memory for time travel, across programmes (default 200,000). */
  eventCacheSize?: number;
};

const isBusy = (e: unknown) =>
  typeof e === 'object' && e !== null && 'code' in e && (e.code === 'SQLITE_BUSY' || e.code === 'SQLITE_BUSY_SNAPSHOT');

/** Events committed elsewhere read at the start of a transaction; more than this, and every cache is dropped. */
const FOREIGN_PAGE = 1000;

/**
 * Transactions that take the lock up front after one found the head moved (PostgreSQL). While
 * instances contend, nearly every batch finds it moved (the bench's 3-instance load: 77 of 78),
 * and deciding it once without the lock only to decide it again under the lock is wasted work.
 */
const CONTENDED_TURNS = 8;

/** Where a job's savepoint rolls back to: the chain head and the keys created before it. */
type Mark = { head: Head; keys: number };

/**
 * The event store: the pieces of the command path (group commit, command handler, log, read
 * models, caches, commit feed) put together over one database. It holds the only mutable state
 * of the path: the chain head, and the caches it keeps current.
 */
export class Store implements HandlerContext {
  readonly vault = new PersonalDataVault();
  readonly states = new StateCache();
  readonly events: EventCache;
  head: Head = emptyHead;
  current = true;
  /** A rollback could not re-read the head and keys: the next transaction reads them. */
  private stale = false;
  /**
   * Programmes' committed versions as this process knows them, valid while no other connection
   * commits (`versionsMark`, SQLite's data_version): what a cached read is keyed on, without a
   * query per request. This process's own commits set them as each commit ends.
   */
  private readonly versions = new Map<string, number>();
  private versionsMark: number | undefined;
  /** Counts this process's commits, so a version read from the database as one ended is not kept. */
  private commits = 0;
  /** The head the transaction in progress was decided against, once it has caught up. */
  private base: Head = emptyHead;
  /**
   * Other instances' committed rows their NOTIFYs carried and no transaction here has taken in
   * yet, in position order; `unread` when a commit elsewhere came without its rows.
   */
  private notified: EventRow[] = [];
  private unread = false;
  /** Another instance writes to this database too: a transaction's head may move under it. */
  private shared = false;
  /**
   * While `shared`: the cached states the transaction in progress started from, as they were
   * (sharing their things), so a batch decided again after the head moved needs no refold.
   */
  private readonly saved = new Map<string, CachedState>();
  readonly decisions = new Map<CommandJob, Decision>();
  /** The jobs of a batch whose head moved, until the pass under the lock begins (see `keepDecisions`). */
  private moved: readonly CommandJob[] | null = null;
  /** Transactions left that take the lock up front (`CONTENDED_TURNS`). */
  private contended = 0;
  private readonly feed: CommitFeed;
  private readonly writer: GroupCommit<CommandJob, Handled, Mark>;

  private constructor(
    readonly db: Db,
    options: StoreOptions,
  ) {
    this.events = new EventCache(options.eventCacheSize ?? 200_000);
    this.feed = new CommitFeed(db.kysely, this.vault);
    this.writer = new GroupCommit<CommandJob, Handled, Mark>(
      db,
      {
        begin: (trx) => this.begin(trx),
        run: (trx, job) => {
          this.save(job.programmeId);
          return handleCommand(trx, this, job);
        },
        isRefusal,
        mark: () => ({ head: this.head, keys: this.vault.mark() }),
        restore: (mark, job, error) => {
          this.head = mark.head;
          this.vault.rollbackTo(mark.keys);
          // A refusal is decided before anything is written or cached; anything else may have advanced the cache.
          if (!isRefusal(error)) this.invalidate(job.programmeId);
        },
        // Decided against the head this process knows; a commit elsewhere that it has not heard
        // of in full is read first. Should the head move all the same, the transaction is decided
        // again under the lock its failed check took (`onHeadMoved`): twice at most, never starved.
        // Soon after that, the lock is taken up front (and the others' events come with it).
        plan: () => {
          if (this.contended > 0) {
            this.contended--;
            return { optimistic: false, readAfter: this.head.position };
          }
          return this.stale || this.unread ? { optimistic: true, readAfter: this.head.position } : { optimistic: true };
        },
        committing: (trx, handled) =>
          this.db.announce?.(
            trx,
            handled.flatMap((h) => h.rows),
          ),
        committed: (handled) => {
          this.decisions.clear();
          this.vault.settle();
          this.commits++;
          for (const h of handled) {
            const last = h.fresh ? h.result.events[h.result.events.length - 1] : undefined;
            if (last) this.versions.set(last.programmeId, last.version);
          }
          for (const h of handled) if (h.fresh) this.feed.publish(h.result.events);
        },
        rolledBack: async (error, jobs) => {
          this.vault.rollbackTo(0);
          if (error instanceof HeadMoved) {
            this.contended = CONTENDED_TURNS;
            this.moved = jobs;
            // Nothing was written, and everything cached before the batch was true at its head:
            // the states the batch advanced go back to what they were, and the next pass takes
            // in what moved the head. The decoded events need nothing: the check fails in the
            // message that opens the transaction, so no read saw the batch's own writes.
            this.head = this.base;
            for (const { programmeId } of jobs) {
              const saved = this.saved.get(programmeId);
              if (saved) this.states.set(programmeId, saved);
              else this.states.forget(programmeId);
            }
            return;
          }
          // The head is read again below, past events no check has seen: what was decided is not kept.
          this.moved = null;
          this.invalidate();
          this.stale = true;
          await this.vault.load(this.db.kysely);
          this.head = await readHead(this.db.kysely);
          this.stale = false;
        },
        isRetryable: isBusy,
      },
      options.groupCommit === false ? 1 : 256,
    );
  }

  static async open(db: Db, options: StoreOptions = {}): Promise<Store> {
    await migrateToLatest(db.kysely);
    const store = new Store(db, options);
    await store.vault.load(db.kysely);
    store.head = await readHead(db.kysely);
    store.feed.resetTo(store.head.position);
    store.versionsMark = db.othersMark?.();
    await db.onCommitElsewhere((notice) => store.heard(notice));
    return store;
  }

  /**
   * Another instance committed. Its rows, when its NOTIFY carried them, are announced to this
   * process's listeners at once and kept for the next transaction here, which then needs no read
   * to bring its caches up to date; otherwise both read the log.
   */
  private heard(notice: CommitNotice | null) {
    this.shared = true;
    if (notice === null || !('rows' in notice)) {
      this.unread = true;
      this.feed.pull(true);
      return;
    }
    this.notified.push(...notice.rows);
    // An instance that does not write here for a long while reads the log when it next does.
    if (this.notified.length > FOREIGN_PAGE) {
      this.notified = [];
      this.unread = true;
    }
    this.feed.offer(notice.rows);
  }

  /** Keeps the cached state of `programmeId` as the transaction found it, the first time a job of it runs (see `saved`). */
  private save(programmeId: string) {
    if (!this.shared || this.saved.has(programmeId)) return;
    const cached = this.states.get(programmeId);
    if (cached)
      this.saved.set(programmeId, {
        state: branchState(cached.state),
        rows: cached.rows && branchRows(cached.rows),
      });
  }

  /** The kept rows that follow on from the head, in order; the rest are dropped or wait for a gap to fill. */
  private takeNotified(): EventRow[] {
    const rows = this.notified.filter((r) => r.position > this.head.position).sort((a, b) => a.position - b.position);
    let n = 0;
    while (n < rows.length && rows[n]!.position === this.head.position + n + 1) n++;
    this.notified = rows.slice(n);
    return rows.slice(0, n);
  }

  /**
   * Once per write transaction. When another process has committed since this one last wrote,
   * every cached state may be behind, the keys it created are not in the vault yet (without them
   * its names would read as erased), and its events come before ours: announce them first.
   */
  private async begin(trx: Kysely<Database>) {
    this.saved.clear();
    const foreign = await this.catchUp(trx);
    const moved = this.moved;
    this.moved = null;
    if (!moved || !foreign || !this.keepDecisions(moved, foreign)) this.decisions.clear();
    this.base = this.head;
    await this.db.expectHead?.(trx, this.head.position);
  }

  /**
   * Whether a batch whose head moved can be written at the new head as it was decided, the
   * `foreign` events being all that moved it. A decision reads its programme's version and
   * state, and the idempotency table, which is global: so none of them may be the batch's
   * programme, and none may carry one of the batch's keys (a keyed command's events carry its
   * key as their correlation id, so an idempotency row another instance wrote comes with one).
   * Personal-data keys belong to a programme, so others' keys cannot be the batch's.
   */
  private keepDecisions(jobs: readonly CommandJob[], foreign: readonly RecordedEvent[]): boolean {
    // A pass ends at the job whose read met the moved head, so the undecided jobs are the last
    // ones, decided under the lock. Undecided before a decided one (a write that failed), the
    // later decisions may rest on what it would have done.
    const undecided = jobs.findIndex((job) => !this.decisions.has(job));
    if (undecided >= 0 && jobs.slice(undecided).some((job) => this.decisions.has(job))) return false;
    const programmes = new Set(jobs.map((job) => job.programmeId));
    const keys = new Set(jobs.flatMap((job) => job.options.idempotencyKey ?? []));
    return foreign.every((e) => !programmes.has(e.programmeId) && !keys.has(e.meta.correlationId));
  }

  /** The events committed elsewhere taken in, or null when every cache was dropped instead. */
  private async catchUp(trx: Kysely<Database>): Promise<readonly RecordedEvent[] | null> {
    const seen = this.db.seenAtBegin?.(trx);
    if (seen) this.unread = false;
    const changed = (await this.db.changedElsewhere(trx, this.head.position)) || this.stale;
    // What other instances' NOTIFYs brought, unless a read at the start of the transaction brought it all.
    const notified = seen ? [] : this.takeNotified();
    this.current = !changed && notified.length === 0;
    if (this.current) return [];
    // Several instances on one database take turns, so this is the common case there: take in
    // what the others appended and forget only the programmes it touched. Other cached folds
    // stay current (the lock, or the head check under it, sees to that), which spares every job
    // a version read and most a refold.
    const foreign = seen?.events ?? (changed ? await readRowsAfter(trx, this.head.position, FOREIGN_PAGE) : notified);
    if (foreign.length >= FOREIGN_PAGE || this.stale) {
      this.stale = false;
      this.unread = false;
      this.notified = [];
      this.invalidate();
      this.head = await readHead(trx);
      await this.vault.load(trx);
      await this.feed.catchUp(trx);
      return null;
    }
    const last = foreign[foreign.length - 1];
    if (last) this.head = { position: last.position, hash: last.hash };
    // SQLite decides under its lock: its head never moves under a transaction.
    if (last && this.db.dialect === 'postgres') this.shared = true;
    // Before decoding: their new keys, and erasures made elsewhere (which notify without rows).
    if (seen?.keys) this.vault.loadRows(seen.keys);
    else if (
      changed ||
      !foreign.every((r) => this.vault.hasKeyOf(r.programme_id, r.type, JSON.parse(r.data) as Record<string, unknown>))
    )
      await this.vault.load(trx);
    const events = foreign.map((r) => readEvent(r, this.vault));
    this.absorb(events);
    this.feed.publish(events);
    this.current = true;
    return events;
  }

  /**
   * Brings cached folds up to date with events committed elsewhere, as this process's own are
   * (applied in place), or forgets the programme when they need a refold or do not follow on.
   * The decoded-event cache reads only what is newer than it holds, so it stays.
   */
  private absorb(events: readonly RecordedEvent[]) {
    const advanced = new Set<string>();
    for (const e of events) {
      const cached = this.states.get(e.programmeId);
      if (!cached) continue;
      if (cached.state.version !== e.version - 1 || needsRefold(cached.state, e)) {
        this.states.forget(e.programmeId);
        advanced.delete(e.programmeId);
        continue;
      }
      applyEvent(cached.state, e);
      advanced.add(e.programmeId);
    }
    // The other instance wrote the read models from the same fold.
    for (const programmeId of advanced) {
      const { state } = this.states.get(programmeId)!;
      this.states.set(programmeId, { state, rows: rowsOf(state) });
    }
  }

  /**
   * Records a command: decided against the programme's current state, appended with its hash,
   * projected and acknowledged once durable (with others that arrived meanwhile: group commit).
   */
  handle(programmeId: string, command: Command, options: HandleOptions): Promise<CommandResult> {
    return this.writer.submit({ programmeId, command, options }).then((h) => h.result);
  }

  subscribe(listener: CommitListener): () => void {
    return this.feed.subscribe(listener);
  }

  /** Position up to which the read models are written; equal to the head once caught up. */
  checkpoint(): Promise<number> {
    return readModelPosition(this.db.kysely);
  }

  get kysely(): Kysely<Database> {
    return this.db.kysely;
  }

  get headPosition(): number {
    return this.head.position;
  }

  close() {
    return this.db.close();
  }

  /**
   * The programme's committed version when this process knows it for sure (nobody else has
   * committed since it learnt it), else undefined: ask the database, then `noteVersion`.
   */
  knownVersion(programmeId: string): number | undefined {
    const mark = this.db.othersMark?.();
    if (mark === undefined) return undefined;
    if (mark !== this.versionsMark) {
      this.versions.clear();
      this.versionsMark = mark;
      return undefined;
    }
    return this.versions.get(programmeId);
  }

  /** What a read must hold on to before asking the database for a version (see `noteVersion`). */
  versionTicket(): VersionTicket {
    return { mark: this.db.othersMark?.(), commits: this.commits };
  }

  /**
   * Keeps a version read from the database, unless anyone committed since the `ticket` was
   * taken: the read may have seen the database before or after that commit.
   */
  noteVersion(programmeId: string, version: number, ticket: VersionTicket) {
    if (ticket.mark === undefined || ticket.commits !== this.commits) return;
    if (ticket.mark !== this.versionsMark || this.db.othersMark?.() !== ticket.mark) return;
    this.versions.set(programmeId, version);
  }

  /** Re-reads the chain head, after something other than `handle` appended (an import). */
  async reopen() {
    this.versions.clear();
    this.head = await readHead(this.db.kysely);
    this.feed.resetTo(this.head.position);
  }

  /** All of a programme's events, decoded, in position order (recently read ones from memory). */
  loadEvents(programmeId: string, db: Kysely<Database> = this.db.kysely, keep = true): Promise<RecordedEvent[]> {
    return this.events.load(db, this.vault, programmeId, keep);
  }

  /** Forgets cached state, for when something outside `handle` changed the log or the keys. */
  invalidate(programmeId?: string) {
    if (programmeId === undefined) this.versions.clear();
    else this.versions.delete(programmeId);
    this.states.forget(programmeId);
    this.events.forget(programmeId);
  }
}
