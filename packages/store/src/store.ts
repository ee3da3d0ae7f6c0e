import { createHash, randomUUID } from 'node:crypto';
import type { Command, ProgrammeState, RecordedEvent } from '@steerlog/domain';
import {
  canonicalJson,
  currentSchemaVersion,
  applyEvent,
  decide,
  DomainError,
  fold,
  needsRefold,
  resolveOccurredAt,
} from '@steerlog/domain';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { readEvent } from './codec.js';
import type { Db } from './db/connect.js';
import { migrateToLatest } from './db/migrations.js';
import type { Database, EventRow } from './db/schema.js';
import { StoreError } from './errors.js';
import { chainHash, GENESIS_HASH } from './hash-chain.js';
import { PersonalDataVault } from './personal-data.js';
import type { ProjectedRows } from './read-models/rows.js';
import { stateToRows } from './read-models/rows.js';
import { writeProgramme } from './read-models/write.js';

export type CommandResult = { events: RecordedEvent[]; version: number; position: number };

/**
 * What the idempotency table keeps of a result: where its events are, not the events. Names then
 * live only as ciphertext in the log, and a replay after an erasure shows them erased too.
 */
type StoredResult = { positions: number[]; version: number; position: number };

export type HandleOptions = {
  actor: string;
  /** The server's clock; commands never carry their own `recordedAt`. */
  now?: Date;
  idempotencyKey?: string | undefined;
  /** Whose key it is (the token), so one client's key never returns another's response. */
  idempotencyScope?: string;
};

export type CommitListener = (events: readonly RecordedEvent[]) => void;

export type StoreOptions = {
  /** Write commands that arrive together in one transaction (default true). */
  groupCommit?: boolean;
  /** Decoded events kept in memory for time travel, across programmes (default 200,000). */
  eventCacheSize?: number;
};

type Pending = {
  programmeId: string;
  command: Command;
  options: HandleOptions;
  resolve: (result: CommandResult) => void;
  reject: (error: unknown) => void;
};
/** A programme's current fold and the read-model rows written from it. */
type Cached = { state: ProgrammeState; rows: ProjectedRows | null };
type Outcome = { result: CommandResult; fresh: boolean } | { error: unknown };

const MAX_ATTEMPTS = 5;

const isBusy = (e: unknown) =>
  typeof e === 'object' && e !== null && 'code' in e && (e.code === 'SQLITE_BUSY' || e.code === 'SQLITE_BUSY_SNAPSHOT');

const newSlug = (kind: string) => `${kind}-${randomUUID().slice(0, 8)}`;

/**
 * The event store and its inline read models. Every command is decided against the programme's
 * current state, appended with its hash, projected and acknowledged in one transaction; listeners
 * hear of it, in position order, as soon as it has committed.
 */
export class Store {
  readonly vault = new PersonalDataVault();
  /** Current (all-defaults) fold per programme, so a command never refolds from event 1. */
  private readonly states = new Map<string, Cached>();
  private readonly eventCache = new Map<string, RecordedEvent[]>();
  private readonly listeners = new Set<CommitListener>();
  private head = { position: 0, hash: GENESIS_HASH };
  private readonly queue: Pending[] = [];
  /** Last position announced to listeners. */
  private published = 0;
  private pulling: Promise<void> = Promise.resolve();
  private draining = false;

  private constructor(
    readonly db: Db,
    private readonly maxBatch: number,
    private readonly eventCacheSize: number,
  ) {}

  static async open(db: Db, options: StoreOptions = {}): Promise<Store> {
    await migrateToLatest(db.kysely);
    const store = new Store(db, options.groupCommit === false ? 1 : 256, options.eventCacheSize ?? 200_000);
    await store.vault.load(db.kysely);
    await store.refreshHead(db.kysely);
    store.published = store.head.position;
    await db.onCommitElsewhere(() => store.pullExternal(true));
    return store;
  }

  /** Position up to which the read models are written; equal to the head once caught up. */
  async checkpoint(): Promise<number> {
    const row = await this.db.kysely
      .selectFrom('checkpoints')
      .select('position')
      .where('name', '=', 'read_models')
      .executeTakeFirst();
    return Number(row?.position ?? 0);
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

  /** Re-reads the chain head, after something other than `handle` appended (an import). */
  async reopen() {
    await this.refreshHead(this.db.kysely);
    this.published = this.head.position;
  }

  /**
   * Tells listeners of committed events, strictly in position order and each once. Events past a
   * gap wait: the gap is another process's commit, read from the log by `publishExternal`.
   */
  private publish(events: readonly RecordedEvent[]) {
    const next = events.filter((e) => e.position > this.published);
    if (next.length === 0) return;
    if (next[0]!.position !== this.published + 1) {
      this.pullExternal();
      return;
    }
    this.published = next[next.length - 1]!.position;
    for (const listener of this.listeners) listener(next);
  }

  /** Reads and announces what other processes committed since the last event announced. */
  private async publishExternal(db: Kysely<Database> = this.db.kysely) {
    for (;;) {
      const rows = await db
        .selectFrom('events')
        .selectAll()
        .where('position', '>', this.published)
        .orderBy('position')
        .limit(1000)
        .execute();
      if (rows.length === 0) return;
      const before = this.published;
      this.publish(rows.map((r) => readEvent(r, this.vault)));
      if (this.published === before) return;
    }
  }

  /**
   * Runs `publishExternal` once at a time. A failed read is dropped rather than thrown: the next
   * commit, here or elsewhere, reads again from the last position announced, so nothing is lost.
   */
  private pullExternal(reloadKeys = false) {
    this.pulling = this.pulling
      .then(async () => {
        // A key created by another instance must be known before its events are read.
        if (reloadKeys) await this.vault.load(this.db.kysely);
        await this.publishExternal();
      })
      .catch(() => undefined);
  }

  subscribe(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async refreshHead(db: Kysely<Database>) {
    const row = await db
      .selectFrom('events')
      .select(['position', 'hash'])
      .orderBy('position', 'desc')
      .limit(1)
      .executeTakeFirst();
    this.head = row ? { position: Number(row.position), hash: row.hash } : { position: 0, hash: GENESIS_HASH };
  }

  /**
   * All of a programme's events, read and upcast, in position order. Recently read programmes
   * are kept decoded (up to `eventCacheSize` events in all), so scrubbing through time refolds
   * without re-reading the log; only events newer than the cached ones are read.
   */
  async loadEvents(programmeId: string, db: Kysely<Database> = this.db.kysely, keep = true): Promise<RecordedEvent[]> {
    const cached = this.eventCache.get(programmeId);
    const after = cached ? cached[cached.length - 1]!.version : 0;
    const rows = await db
      .selectFrom('events')
      .selectAll()
      .where('programme_id', '=', programmeId)
      .where('version', '>', after)
      .orderBy('position')
      .execute();
    const events = [...(cached ?? []), ...rows.map((r) => readEvent(r, this.vault))];
    this.eventCache.delete(programmeId);
    if (keep && events.length > 0 && events.length <= this.eventCacheSize) {
      this.eventCache.set(programmeId, events);
      let total = 0;
      for (const list of this.eventCache.values()) total += list.length;
      // Least recently read first: Map iteration follows insertion, and a read re-inserts.
      for (const [id, list] of this.eventCache) {
        if (total <= this.eventCacheSize) break;
        this.eventCache.delete(id);
        total -= list.length;
      }
    }
    return events;
  }

  /**
   * Re-reads the chain head inside the write lock. When another process appended since this one
   * last looked, the keys it created are not in our vault yet: without them its names would read
   * as erased (and be projected so) or be sealed again under a second key.
   */
  private async syncHead(trx: Kysely<Database>) {
    const known = this.head.position;
    await this.refreshHead(trx);
    if (this.head.position !== known) await this.vault.load(trx);
  }

  private async versionOf(trx: Kysely<Database>, programmeId: string) {
    const row = await trx
      .selectFrom('events')
      .select((eb) => eb.fn.max('version').as('version'))
      .where('programme_id', '=', programmeId)
      .executeTakeFirst();
    return Number(row?.version ?? 0);
  }

  /** The programme as currently known, from the cache when it is as new as the log. */
  private async currentState(trx: Kysely<Database>, programmeId: string, version: number): Promise<Cached> {
    const cached = this.states.get(programmeId);
    if (cached && cached.state.version === version) return cached;
    const state = fold(await this.loadEvents(programmeId, trx));
    // The read models on disk were written from this same fold, in the transaction of its last event.
    return { state, rows: state.programmeId === null ? null : stateToRows(state) };
  }

  /** Forgets cached state, for when something outside `handle` changed the log or the keys. */
  invalidate(programmeId?: string) {
    if (programmeId === undefined) {
      this.states.clear();
      this.eventCache.clear();
    } else {
      this.states.delete(programmeId);
      this.eventCache.delete(programmeId);
    }
  }

  /**
   * Records a command. Commands that arrive while a commit is in progress wait and are then
   * written together in one transaction (group commit), each in its own savepoint so a refusal
   * touches nothing but itself; every caller is answered only once that transaction is durable.
   */
  handle(programmeId: string, command: Command, options: HandleOptions): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ programmeId, command, options, resolve, reject });
      void this.drain();
    });
  }

  private async drain() {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        // SQLite runs a whole transaction, fsync included, without yielding to the event loop:
        // one turn of it first lets requests that have already arrived join this batch.
        if (this.maxBatch > 1) await new Promise((resolve) => setImmediate(resolve));
        await this.commitBatch(this.queue.splice(0, this.maxBatch));
      }
    } finally {
      this.draining = false;
    }
  }

  private async commitBatch(batch: Pending[]) {
    for (let attempt = 1; ; attempt++) {
      const outcomes: Outcome[] = [];
      try {
        await this.db.write(
          async (trx) => {
            const current = !(await this.db.changedElsewhere(trx, this.head.position));
            if (!current) {
              // Another process wrote: any cached state may be behind, not only the programme at hand.
              this.invalidate();
              await this.syncHead(trx);
              // Its events come before ours: announce them first, so listeners see positions in order.
              await this.publishExternal(trx);
            }
            for (const [i, pending] of batch.entries())
              outcomes.push(await this.inSavepoint(trx, batch.length > 1 ? i : null, pending, current));
          },
          () => {
            this.vault.settle();
            for (const o of outcomes) if ('fresh' in o && o.fresh) this.publish(o.result.events);
          },
        );
      } catch (e) {
        // The transaction rolled back: drop whatever was cached on its behalf.
        this.vault.rollbackTo(0);
        this.invalidate();
        await this.vault.load(this.db.kysely);
        await this.refreshHead(this.db.kysely);
        // Another process held the write lock for longer than busy_timeout: nothing was written, so try again.
        if (isBusy(e) && attempt < MAX_ATTEMPTS) continue;
        for (const p of batch) p.reject(e);
        return;
      }
      for (const [i, p] of batch.entries()) {
        const o = outcomes[i]!;
        if ('error' in o) p.reject(o.error);
        else p.resolve(o.result);
      }
      return;
    }
  }

  /** One command of a batch; in a savepoint when it shares the transaction with others. */
  private async inSavepoint(
    trx: Kysely<Database>,
    index: number | null,
    p: Pending,
    current: boolean,
  ): Promise<Outcome> {
    const head = this.head;
    const keys = this.vault.mark();
    if (index !== null) await sql`savepoint ${sql.raw(`c${index}`)}`.execute(trx);
    try {
      const outcome = await this.attempt(trx, p, current);
      if (index !== null) await sql`release savepoint ${sql.raw(`c${index}`)}`.execute(trx);
      return outcome;
    } catch (error) {
      const refusal = error instanceof DomainError || error instanceof StoreError;
      // Alone in its transaction, a failure that is not a refusal rolls the whole transaction back.
      if (index === null && !refusal) throw error;
      if (index !== null) await sql`rollback to savepoint ${sql.raw(`c${index}`)}`.execute(trx);
      this.head = head;
      this.vault.rollbackTo(keys);
      // A refusal (domain rule, version, key) is decided before anything is written or cached.
      if (!refusal) this.invalidate(p.programmeId);
      return { error };
    }
  }

  private async attempt(trx: Kysely<Database>, p: Pending, current: boolean): Promise<Outcome> {
    const { programmeId, command, options } = p;
    const now = (options.now ?? new Date()).toISOString();
    if (options.idempotencyKey) {
      const key = `${options.idempotencyScope ?? ''}:${options.idempotencyKey}`;
      const requestHash = createHash('sha256').update(canonicalJson({ programmeId, command })).digest('hex');
      const seen = await trx.selectFrom('idempotency').selectAll().where('key', '=', key).executeTakeFirst();
      if (seen) {
        if (seen.request_hash !== requestHash)
          throw new StoreError(
            'idempotency_key_reused',
            'this Idempotency-Key was already used with a different request',
          );
        return { result: await this.replay(trx, JSON.parse(seen.response) as StoredResult), fresh: false };
      }
      const result = await this.append(trx, programmeId, command, options.actor, now, options.idempotencyKey, current);
      await trx
        .insertInto('idempotency')
        .values({
          key,
          request_hash: requestHash,
          programme_id: programmeId,
          response: JSON.stringify({
            positions: result.events.map((e) => e.position),
            version: result.version,
            position: result.position,
          } satisfies StoredResult),
          created_at: now,
        })
        .execute();
      return { result, fresh: true };
    }
    return {
      result: await this.append(trx, programmeId, command, options.actor, now, undefined, current),
      fresh: true,
    };
  }

  /** The result of a command already handled, with its events read from the log as they read today. */
  private async replay(trx: Kysely<Database>, stored: StoredResult): Promise<CommandResult> {
    const rows = await trx
      .selectFrom('events')
      .selectAll()
      .where('position', 'in', stored.positions)
      .orderBy('position')
      .execute();
    return { events: rows.map((r) => readEvent(r, this.vault)), version: stored.version, position: stored.position };
  }

  /** Decides, appends, hashes and projects one command inside the caller's write transaction. */
  private async append(
    trx: Kysely<Database>,
    programmeId: string,
    command: Command,
    actor: string,
    now: string,
    idempotencyKey: string | undefined,
    current: boolean,
  ): Promise<CommandResult> {
    // Nobody else has written since this process did: its cached state is the programme's state.
    const cached = current ? this.states.get(programmeId) : undefined;
    const version = cached ? cached.state.version : await this.versionOf(trx, programmeId);
    if (command.expectedVersion !== undefined && command.expectedVersion !== version)
      throw new StoreError(
        'version_conflict',
        `expected version ${command.expectedVersion}, but the programme is at ${version}`,
      );
    const { state: before, rows } = await this.currentState(trx, programmeId, version);
    const occurredAt = resolveOccurredAt(command.occurredAt, now);
    const decided = decide(before, command, { programmeId, newId: newSlug });
    const correlationId = idempotencyKey ?? randomUUID();
    const recorded: RecordedEvent[] = [];
    // The cached state is this store's own: it is advanced in place rather than copied per event.
    // Should anything below fail, the caller drops it from the cache.
    let after = before;
    // decide returns at least one event for every command it accepts.
    const last = () => recorded[recorded.length - 1]!;
    let refold = false;
    for (const event of decided) {
      const meetingId = event.type === 'MeetingOpened' ? event.data.meetingId : after.openMeetingId;
      const meta = { correlationId, causationId: null, ...(meetingId ? { meetingId } : {}) };
      const sealed = await this.vault.seal(trx, programmeId, event.type, event.data, now);
      const unhashed = {
        position: this.head.position + 1,
        programme_id: programmeId,
        version: version + recorded.length + 1,
        id: randomUUID(),
        type: event.type,
        schema_version: currentSchemaVersion[event.type],
        occurred_at: occurredAt,
        recorded_at: now,
        actor,
        data: canonicalJson(sealed),
        meta: canonicalJson(meta),
      };
      const row: EventRow = { ...unhashed, hash: chainHash(this.head.hash, unhashed) };
      await trx.insertInto('events').values(row).execute();
      this.head = { position: row.position, hash: row.hash };
      const served = {
        ...event,
        // As the log reads it back: a name given for an erased person was recorded erased.
        data: this.vault.open(programmeId, event.type, sealed),
        position: row.position,
        programmeId,
        version: row.version,
        id: row.id,
        schemaVersion: row.schema_version,
        occurredAt,
        recordedAt: now,
        actor,
        meta,
        hash: row.hash,
      } as RecordedEvent;
      recorded.push(served);
      refold ||= needsRefold(after, served);
      if (!refold) applyEvent(after, served);
    }
    // A back-dated event or a retraction changes the order or content of the fold: fold again.
    if (refold) after = fold(await this.loadEvents(programmeId, trx));
    const written = await writeProgramme(trx, rows, after, now);
    await trx.updateTable('checkpoints').set({ position: last().position }).where('name', '=', 'read_models').execute();
    this.states.set(programmeId, { state: after, rows: written });
    return { events: recorded, version: last().version, position: last().position };
  }
}
