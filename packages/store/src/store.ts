import { createHash, randomUUID } from 'node:crypto';
import type { Command, ProgrammeState, RecordedEvent } from '@steerlog/domain';
import {
  canonicalJson,
  currentSchemaVersion,
  decide,
  evolve,
  fold,
  needsRefold,
  resolveOccurredAt,
} from '@steerlog/domain';
import type { Kysely } from 'kysely';
import { readEvent } from './codec.js';
import type { Db } from './db/connect.js';
import { migrateToLatest } from './db/migrations.js';
import type { Database, EventRow } from './db/schema.js';
import { StoreError } from './errors.js';
import { chainHash, GENESIS_HASH } from './hash-chain.js';
import { PersonalDataVault } from './personal-data.js';
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
  private readonly states = new Map<string, ProgrammeState>();
  private readonly listeners = new Set<CommitListener>();
  private head = { position: 0, hash: GENESIS_HASH };

  private constructor(readonly db: Db) {}

  static async open(db: Db): Promise<Store> {
    await migrateToLatest(db.kysely);
    const store = new Store(db);
    await store.vault.load(db.kysely);
    await store.refreshHead(db.kysely);
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
  reopen() {
    return this.refreshHead(this.db.kysely);
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

  /** All of a programme's events, read and upcast, in position order. */
  async loadEvents(programmeId: string, db: Kysely<Database> = this.db.kysely): Promise<RecordedEvent[]> {
    const rows = await db
      .selectFrom('events')
      .selectAll()
      .where('programme_id', '=', programmeId)
      .orderBy('position')
      .execute();
    return rows.map((r) => readEvent(r, this.vault));
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

  /** The programme as currently known, from the cache when it is as new as the log. */
  private async currentState(trx: Kysely<Database>, programmeId: string, version: number): Promise<ProgrammeState> {
    const cached = this.states.get(programmeId);
    if (cached && cached.version === version) return cached;
    return fold(await this.loadEvents(programmeId, trx));
  }

  /** Forgets cached state, for when something outside `handle` changed the log or the keys. */
  invalidate(programmeId?: string) {
    if (programmeId === undefined) this.states.clear();
    else this.states.delete(programmeId);
  }

  async handle(programmeId: string, command: Command, options: HandleOptions): Promise<CommandResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(programmeId, command, options);
      } catch (e) {
        // Another process held the write lock for longer than busy_timeout: nothing was written, so try again.
        if (!isBusy(e) || attempt >= MAX_ATTEMPTS) throw e;
      }
    }
  }

  private async attempt(programmeId: string, command: Command, options: HandleOptions): Promise<CommandResult> {
    const now = (options.now ?? new Date()).toISOString();
    const idempotency = options.idempotencyKey
      ? {
          key: `${options.idempotencyScope ?? ''}:${options.idempotencyKey}`,
          requestHash: createHash('sha256').update(canonicalJson({ programmeId, command })).digest('hex'),
        }
      : null;
    let fresh = false;
    return this.db
      .write(
        async (trx) => {
          await this.syncHead(trx);
          if (idempotency) {
            const seen = await trx
              .selectFrom('idempotency')
              .selectAll()
              .where('key', '=', idempotency.key)
              .executeTakeFirst();
            if (seen) {
              if (seen.request_hash !== idempotency.requestHash)
                throw new StoreError(
                  'idempotency_key_reused',
                  'this Idempotency-Key was already used with a different request',
                );
              return this.replay(trx, JSON.parse(seen.response) as StoredResult);
            }
          }
          const result = await this.append(trx, programmeId, command, options.actor, now, options.idempotencyKey);
          if (idempotency)
            await trx
              .insertInto('idempotency')
              .values({
                key: idempotency.key,
                request_hash: idempotency.requestHash,
                programme_id: programmeId,
                response: JSON.stringify({
                  positions: result.events.map((e) => e.position),
                  version: result.version,
                  position: result.position,
                } satisfies StoredResult),
                created_at: now,
              })
              .execute();
          fresh = true;
          return result;
        },
        (result) => {
          if (fresh) for (const listener of this.listeners) listener(result.events);
        },
      )
      .catch(async (e: unknown) => {
        // The transaction rolled back: drop whatever was cached on its behalf.
        this.invalidate(programmeId);
        await this.vault.load(this.db.kysely);
        await this.refreshHead(this.db.kysely);
        throw e;
      });
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
  ): Promise<CommandResult> {
    const headRow = await trx
      .selectFrom('events')
      .select((eb) => eb.fn.max('version').as('version'))
      .where('programme_id', '=', programmeId)
      .executeTakeFirst();
    const version = Number(headRow?.version ?? 0);
    if (command.expectedVersion !== undefined && command.expectedVersion !== version)
      throw new StoreError(
        'version_conflict',
        `expected version ${command.expectedVersion}, but the programme is at ${version}`,
      );
    const before = await this.currentState(trx, programmeId, version);
    const occurredAt = resolveOccurredAt(command.occurredAt, now);
    const decided = decide(before, command, { programmeId, newId: newSlug });
    const correlationId = idempotencyKey ?? randomUUID();
    const recorded: RecordedEvent[] = [];
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
        version: after.version + 1,
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
      after = evolve(after, served);
    }
    // A back-dated event or a retraction changes the order or content of the fold: fold again.
    if (refold) after = fold(await this.loadEvents(programmeId, trx));
    await writeProgramme(trx, before, after, now);
    await trx.updateTable('checkpoints').set({ position: last().position }).where('name', '=', 'read_models').execute();
    this.states.set(programmeId, after);
    return { events: recorded, version: last().version, position: last().position };
  }
}
