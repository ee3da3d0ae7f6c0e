import { randomUUID } from 'node:crypto';
import type { DomainEvent, EventMeta, RecordedEvent } from '@steerlog/domain';
import { canonicalJson, currentSchemaVersion } from '@steerlog/domain';
import type { Kysely } from 'kysely';
import { readEvent } from './codec.js';
import { compiledOnce } from './db/compiled.js';
import type { Database, EventRow } from './db/schema.js';
import { eventColumns } from './db/schema.js';
import { chainHash, GENESIS_HASH } from './hash-chain.js';
import type { PersonalDataVault } from './personal-data.js';

/** The last event of the log: where the next one goes and what its hash follows from. */
export type Head = { position: number; hash: string };

export const emptyHead: Head = { position: 0, hash: GENESIS_HASH };

/** Events of one command, decided and stamped, ready to be sealed into the log. */
export type Append = {
  programmeId: string;
  /** The programme's version before these events. */
  version: number;
  occurredAt: string;
  recordedAt: string;
  actor: string;
  events: readonly (DomainEvent & { meta: EventMeta })[];
};

/**
 * Seals, hashes and inserts `append`'s events after `head`, inside the caller's write
 * transaction: names are encrypted under their subject's key (created in `trx` when new), each
 * row's hash follows from the one before, and the events come back as the log will serve them
 * (and as stored, for other instances' NOTIFY).
 */
export const appendToLog = async (
  trx: Kysely<Database>,
  vault: PersonalDataVault,
  head: Head,
  append: Append,
): Promise<{ events: RecordedEvent[]; rows: EventRow[]; head: Head }> => {
  const { programmeId, occurredAt, recordedAt, actor } = append;
  const events: RecordedEvent[] = [];
  const rows: EventRow[] = [];
  let last = head;
  for (const [i, { meta, ...event }] of append.events.entries()) {
    const sealed = await vault.seal(trx, programmeId, event.type, event.data, recordedAt);
    const unhashed = {
      position: last.position + 1,
      programme_id: programmeId,
      version: append.version + i + 1,
      id: randomUUID(),
      type: event.type,
      schema_version: currentSchemaVersion[event.type],
      occurred_at: occurredAt,
      recorded_at: recordedAt,
      actor,
      data: canonicalJson(sealed),
      meta: canonicalJson(meta),
    };
    const row: EventRow = { ...unhashed, hash: chainHash(last.hash, unhashed) };
    rows.push(row);
    last = { position: row.position, hash: row.hash };
    events.push({
      ...event,
      // As the log reads it back: a name given for an erased person was recorded erased.
      data: vault.open(programmeId, event.type, sealed),
      position: row.position,
      programmeId,
      version: row.version,
      id: row.id,
      schemaVersion: row.schema_version,
      occurredAt,
      recordedAt,
      actor,
      meta,
      hash: row.hash,
    } as RecordedEvent);
  }
  for (const row of rows) await insertEvent(trx, row);
  return { events, rows, head: last };
};

const insertEvent = compiledOnce<keyof EventRow>(
  (db, param) =>
    db.insertInto('events').values(Object.fromEntries(eventColumns.map((c) => [c, param(c)])) as unknown as EventRow),
  { deferrable: true },
);

export const readHead = async (db: Kysely<Database>): Promise<Head> => {
  const row = await db
    .selectFrom('events')
    .select(['position', 'hash'])
    .orderBy('position', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { position: Number(row.position), hash: row.hash } : emptyHead;
};

/** The version of a programme's last event; 0 before its launch. */
export const readVersion = async (db: Kysely<Database>, programmeId: string): Promise<number> => {
  const { rows } = await selectVersion(db, { programmeId });
  return Number(rows[0]?.version ?? 0);
};

const selectVersion = compiledOnce<'programmeId', { version: number | null }>((db, param) =>
  db
    .selectFrom('events')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('programme_id', '=', param('programmeId')),
);

/** A programme's events with version > `afterVersion`, decoded, in position order. */
export const readProgramme = async (
  db: Kysely<Database>,
  vault: PersonalDataVault,
  programmeId: string,
  afterVersion = 0,
): Promise<RecordedEvent[]> => {
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where('programme_id', '=', programmeId)
    .where('version', '>', afterVersion)
    .orderBy('position')
    .execute();
  return rows.map((r) => readEvent(r, vault));
};

/** One page of stored rows of the whole log with position > `after`, as stored (for verify and export). */
export const readRowsAfter = async (db: Kysely<Database>, after: number, limit: number): Promise<EventRow[]> => {
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where('position', '>', after)
    .orderBy('position')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, position: Number(r.position), version: Number(r.version) }));
};

/** One page of the whole log with position > `after`, decoded. */
export const readAfter = async (
  db: Kysely<Database>,
  vault: PersonalDataVault,
  after: number,
  limit: number,
): Promise<RecordedEvent[]> => (await readRowsAfter(db, after, limit)).map((r) => readEvent(r, vault));

/** A page of one programme's events with position > `after`; one more than `limit` tells the caller a next page exists. */
export const readProgrammePage = async (
  db: Kysely<Database>,
  vault: PersonalDataVault,
  programmeId: string,
  after: number,
  limit: number,
): Promise<RecordedEvent[]> => {
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where('programme_id', '=', programmeId)
    .where('position', '>', after)
    .orderBy('position')
    .limit(limit)
    .execute();
  return rows.map((r) => readEvent(r, vault));
};

/** The events at `positions`, decoded, in position order. */
export const readPositions = async (
  db: Kysely<Database>,
  vault: PersonalDataVault,
  positions: readonly number[],
): Promise<RecordedEvent[]> => {
  if (positions.length === 0) return [];
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where('position', 'in', positions)
    .orderBy('position')
    .execute();
  return rows.map((r) => readEvent(r, vault));
};
