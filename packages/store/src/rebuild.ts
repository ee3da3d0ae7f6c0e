import { randomBytes } from 'node:crypto';
import type { FoldableEvent, ProgrammeState } from '@steerlog/domain';
import { applyEvent, currentSchemaVersion, fold, initialState, needsRefold, upcast } from '@steerlog/domain';
import type { Kysely } from 'kysely';
import type { Db } from './db/connect.js';
import type { PersonalDataVault } from './personal-data.js';
import { readModelPosition } from './read-models/read.js';
import type { Row } from './read-models/rows.js';
import { allRows, programmeValues } from './read-models/rows.js';
import type { Value } from './read-models/sql.js';
import { insertRows, runSql } from './read-models/sql.js';
import type { ReadModelTableName } from './read-models/tables.js';
import {
  createReadModelTables,
  createReadModelViews,
  dropReadModelViews,
  readModelTables,
} from './read-models/tables.js';
import { columnsOf, storedValues } from './read-models/write.js';

const SUFFIX = '_next';
/** Events read per query: pages in position order, so the log is read once, front to back. */
const PAGE = 5_000;
/** Rows held before they are inserted (each flush is one transaction of multi-row inserts). */
const FLUSH_ROWS = 20_000;
/** Events folded in memory at once (about 100 MB of state at the bench's mix). */
const GROUP_EVENTS = 250_000;
/** Programmes per group: the group is a parameter list of the page query. */
const GROUP_PROGRAMMES = 500;

export type RebuildProgress = { programmes: number; done: number; events: number };

type StoredEvent = {
  position: number;
  programme_id: string;
  version: number;
  id: string;
  type: string;
  schema_version: number;
  occurred_at: string;
  recorded_at: string;
  data: string;
};

const COLUMNS = 'position, programme_id, version, id, type, schema_version, occurred_at, recorded_at, data';

/**
 * A stored event as the fold reads it. Events already at today's schema skip the upcaster's
 * validation: the hash chain vouches for their bytes, and the rebuild reads a million of them.
 */
const decode = (r: StoredEvent, vault: PersonalDataVault): FoldableEvent => {
  let data = vault.open(r.programme_id, r.type, JSON.parse(r.data) as Record<string, unknown>);
  let type = r.type;
  const schemaVersion = Number(r.schema_version);
  if (currentSchemaVersion[type as keyof typeof currentSchemaVersion] !== schemaVersion)
    ({ type, data } = upcast(type, schemaVersion, data) as { type: string; data: Record<string, unknown> });
  return {
    type,
    data,
    id: r.id,
    position: Number(r.position),
    version: Number(r.version),
    occurredAt: r.occurred_at,
    recordedAt: r.recorded_at,
  } as FoldableEvent;
};

const headOf = async (db: Kysely<any>) => {
  const [row] = (await runSql(db, 'select max(position) as position from events')).rows as { position: unknown }[];
  return Number(row?.position ?? 0);
};

const versionsOf = async (db: Kysely<any>) => {
  const rows = (await runSql(db, 'select programme_id, max(version) as version from events group by programme_id'))
    .rows as { programme_id: string; version: unknown }[];
  return new Map(rows.map((r) => [r.programme_id, Number(r.version)]));
};

const programmeLog = async (db: Kysely<any>, programmeId: string, vault: PersonalDataVault) =>
  (
    (await runSql(db, `select ${COLUMNS} from events where programme_id = ? order by position`, [programmeId]))
      .rows as StoredEvent[]
  ).map((r) => decode(r, vault));

const tableNames = readModelTables.map((t) => t.name);

/**
 * Programmes in groups of at most GROUP_EVENTS events (a larger programme is a group of its own),
 * or one group of all (null) when the log is small. Each group is folded from its own pass over
 * the log, so memory holds the folds of one group at a time, not of every programme.
 */
const groupsOf = async (db: Kysely<any>, groupEvents: number): Promise<(string[] | null)[]> => {
  const counts = (
    (await runSql(db, 'select programme_id, count(*) as events from events group by programme_id')).rows as {
      programme_id: string;
      events: unknown;
    }[]
  )
    .map((r) => ({ id: r.programme_id, events: Number(r.events) }))
    .sort((a, b) => b.events - a.events || (a.id < b.id ? -1 : 1));
  if (counts.reduce((n, c) => n + c.events, 0) <= groupEvents) return [null];
  const groups: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const c of counts) {
    if (current.length > 0 && (size + c.events > groupEvents || current.length >= GROUP_PROGRAMMES)) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(c.id);
    size += c.events;
  }
  if (current.length > 0) groups.push(current);
  return groups;
};

/** Rows waiting to be inserted, per table, with names already sealed. */
class Batch {
  readonly rows = new Map<ReadModelTableName, Value[][]>(tableNames.map((t) => [t, []]));
  size = 0;

  add(state: ProgrammeState, updatedAt: string, vault: PersonalDataVault) {
    const plain = new Map<ReadModelTableName, Value[][]>(tableNames.map((t) => [t, []]));
    plain.get('rm_programmes')!.push([...programmeValues(state), updatedAt]);
    allRows(state, plain);
    for (const [table, rows] of plain) {
      const into = this.rows.get(table)!;
      for (const values of rows) into.push(storedValues({ table, values } satisfies Row, vault));
      this.size += rows.length;
    }
  }

  async flush(db: Kysely<any>) {
    for (const [table, rows] of this.rows) {
      if (rows.length > 0) await insertRows(db, `${table}${SUFFIX}`, columnsOf(table), rows);
      rows.length = 0;
    }
    this.size = 0;
  }
}

/**
 * Recomputes every read model from the log into fresh tables, then swaps them in with one
 * transaction. The log is read once in position order while every programme is folded at once
 * (an event that cannot simply be applied, a retraction or a back-dated one, sends its programme
 * to a full fold of its own log); rows are then inserted many per statement, many programmes per
 * transaction. Reads keep using the old tables until the swap; commands that land during the
 * build are caught up inside the swap's write lock, so nothing is missed. The caller drops its
 * caches afterwards (the rows its cached states were written from are gone).
 */
export const rebuild = async (
  db: Db,
  vault: PersonalDataVault,
  onProgress: (p: RebuildProgress) => void = () => {},
  options: { groupEvents?: number } = {},
) => {
  const k = db.kysely as unknown as Kysely<any>;
  await vault.load(db.kysely);
  for (const t of tableNames) await k.schema.dropTable(`${t}${SUFFIX}`).ifExists().execute();
  await createReadModelTables(k, SUFFIX, `_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`);
  const head = await headOf(k);
  const versions = await versionsOf(k);
  const pg = db.dialect === 'postgres';

  const batch = new Batch();
  let events = 0;
  let done = 0;
  /**
   * Folds a group of programmes from one pass over the log in position order, then queues their
   * rows. Every programme of the group is folded at once; one that meets an event it cannot
   * simply apply (a retraction, a back-dated event) is folded again from its own log at the end.
   */
  const foldGroup = async (group: readonly string[] | null) => {
    const states = new Map<string, ProgrammeState | null>();
    const updatedAt = new Map<string, string>();
    // SQLite: `+programme_id` keeps the planner off the (programme_id, version) index, so the
    // table is read in position order and filtered, rather than sorted again for every page.
    const filter =
      group === null ? '' : ` and ${pg ? 'programme_id' : '+programme_id'} in (${group.map(() => '?').join(',')})`;
    const text = `select ${COLUMNS} from events where position > ? and position <= ?${filter} order by position limit ${PAGE}`;
    for (let after = 0; after < head;) {
      const rows = (await runSql(k, text, [after, head, ...(group ?? [])])).rows as StoredEvent[];
      if (rows.length === 0) break;
      for (const r of rows) {
        const programmeId = r.programme_id;
        updatedAt.set(programmeId, r.recorded_at);
        let state = states.get(programmeId);
        if (state === null) continue;
        if (state === undefined) states.set(programmeId, (state = initialState()));
        const e = decode(r, vault);
        if (needsRefold(state, e)) {
          states.set(programmeId, null);
          continue;
        }
        applyEvent(state, e);
        // Only `decide` reads the event types; a million of them would only fill memory.
        state.eventTypes.delete(e.id);
      }
      after = Number(rows[rows.length - 1]!.position);
      events += rows.length;
      onProgress({ programmes: versions.size, done, events });
    }
    for (const [programmeId, folded] of states) {
      const state = folded ?? fold(await programmeLog(k, programmeId, vault));
      states.delete(programmeId);
      if (state.programmeId !== null) batch.add(state, updatedAt.get(programmeId)!, vault);
      if (batch.size >= FLUSH_ROWS) await db.write((trx) => batch.flush(trx));
      onProgress({ programmes: versions.size, done: ++done, events });
    }
  };
  for (const group of await groupsOf(k, options.groupEvents ?? GROUP_EVENTS)) await foldGroup(group);

  await db.write(async (trx) => {
    await batch.flush(trx);
    const t = trx as unknown as Kysely<any>;
    // Commands that landed since the build read its heads: their programmes are folded again here.
    await vault.load(trx);
    for (const [programmeId, version] of await versionsOf(t)) {
      if (versions.get(programmeId) === version) continue;
      for (const table of tableNames)
        await runSql(t, `delete from ${table}${SUFFIX} where programme_id = ?`, [programmeId]);
      const log = await programmeLog(t, programmeId, vault);
      const state = fold(log);
      if (state.programmeId !== null) batch.add(state, log[log.length - 1]!.recordedAt, vault);
      events += log.length - (versions.get(programmeId) ?? 0);
    }
    await batch.flush(trx);
    await dropReadModelViews(t);
    for (const table of tableNames) {
      await runSql(t, `drop table ${table}`);
      await runSql(t, `alter table ${table}${SUFFIX} rename to ${table}`);
    }
    await createReadModelViews(t);
    // Kept for readers of the old checkpoint; the read models' own position is `readModelPosition`.
    await runSql(t, `update checkpoints set position = ? where name = 'read_models'`, [await headOf(t)]);
  });
  return { programmes: versions.size, events };
};

/**
 * Rebuilds the read models when they hold less of the log than there is: after an import, after
 * migration 0002 (its tables start empty), or after a crash between a log write and a rebuild.
 */
export const catchUp = async (db: Db, vault: PersonalDataVault, onProgress?: (p: RebuildProgress) => void) => {
  if ((await readModelPosition(db.kysely)) < (await headOf(db.kysely as unknown as Kysely<any>)))
    return rebuild(db, vault, onProgress);
  return null;
};
