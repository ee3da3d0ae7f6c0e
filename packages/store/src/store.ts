import type { Command, RecordedEvent } from '@steerlog/domain';
import { applyEvent, DomainError, needsRefold } from '@steerlog/domain';
import type { Kysely } from 'kysely';
import type { Handled, CommandResult, HandleOptions, HandlerContext, CommandJob } from './command-handler.js';
import { handleCommand } from './command-handler.js';
import type { CommitListener } from './commit-feed.js';
import { readEvent } from './codec.js';
import { CommitFeed } from './commit-feed.js';
import type { Db } from './db/connect.js';
import { migrateToLatest } from './db/migrations.js';
import type { Database } from './db/schema.js';
import { StoreError } from './errors.js';
import { EventCache } from './event-cache.js';
import { GroupCommit } from './group-commit.js';
import type { Head } from './log.js';
import type { VersionTicket } from './queries.js';
import { emptyHead, readHead, readRowsAfter } from './log.js';
import { PersonalDataVault } from './personal-data.js';
import { rowsOf } from './projection.js';
import { readModelPosition } from './read-models/read.js';
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
        run: (trx, job) => handleCommand(trx, this, job),
        isRefusal: (e) => e instanceof DomainError || e instanceof StoreError,
        mark: () => ({ head: this.head, keys: this.vault.mark() }),
        restore: (mark, job, error) => {
          this.head = mark.head;
          this.vault.rollbackTo(mark.keys);
          // A refusal is decided before anything is written or cached; anything else may have advanced the cache.
          if (!(error instanceof DomainError || error instanceof StoreError)) this.invalidate(job.programmeId);
        },
        committed: (handled) => {
          this.vault.settle();
          this.commits++;
          for (const h of handled) {
            const last = h.fresh ? h.result.events[h.result.events.length - 1] : undefined;
            if (last) this.versions.set(last.programmeId, last.version);
          }
          for (const h of handled) if (h.fresh) this.feed.publish(h.result.events);
        },
        rolledBack: async () => {
          this.vault.rollbackTo(0);
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
    db.trackHead?.(() => store.head.position);
    await db.onCommitElsewhere(() => store.feed.pull(true));
    return store;
  }

  /**
   * Once per write transaction. When another process has committed since this one last wrote,
   * every cached state may be behind, the keys it created are not in the vault yet (without them
   * its names would read as erased), and its events come before ours: announce them first.
   */
  private async begin(trx: Kysely<Database>) {
    this.current = !(await this.db.changedElsewhere(trx, this.head.position)) && !this.stale;
    if (this.current) return;
    // Several instances on one database take turns, so this is the common case there: read what
    // the others appended and forget only the programmes it touched. Other cached folds stay
    // current (the lock is held), which spares every job a version read and most a refold.
    const seen = this.db.seenAtBegin?.(trx);
    const foreign = seen?.events ?? (await readRowsAfter(trx, this.head.position, FOREIGN_PAGE));
    if (foreign.length >= FOREIGN_PAGE || this.stale) {
      this.stale = false;
      this.invalidate();
      this.head = await readHead(trx);
      await this.vault.load(trx);
      await this.feed.catchUp(trx);
      return;
    }
    const last = foreign[foreign.length - 1];
    if (last) this.head = { position: last.position, hash: last.hash };
    // Before decoding: their new keys, and erasures made elsewhere.
    if (seen?.keys) this.vault.loadRows(seen.keys);
    else await this.vault.load(trx);
    const events = foreign.map((r) => readEvent(r, this.vault));
    this.absorb(events);
    this.feed.publish(events);
    this.current = true;
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
