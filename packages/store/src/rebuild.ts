import { randomBytes } from 'node:crypto';
import type { FoldableEvent, ProgrammeState } from '@steerlog/domain';
import { applyEvent, currentSchemaVersion, fold, initialState, needsRefold, upcast } from '@steerlog/domain';
import type { Kysely } from 'kysely';
import type { Db } from './db/connect.js';
import { sqlitePragmas } from './db/connect.js';
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
import type { RowSink, TableRows } from './rebuild-sink.js';
import { inThread, onWorker } from './rebuild-sink.js';

const SUFFIX = '_next';
/**
 * Events read per query, and rows held before they are inserted (one transaction each). Both
 * small enough that a page and a flush die young: at 5,000 and 10,000 they lived long enough
 * to be promoted, and the garbage they left in the old generation (with the long programme's
 * rows sent in one piece) took the bench's peak RSS for a million events to 320-350 MB; at
 * these sizes it is 230-285 MB, in the same time.
 */
const PAGE = 1000;
const FLUSH_ROWS = 1_000;
/** SQLite page cache while the log is read (KiB): a few programmes' worth of log pages. */
const REBUILD_CACHE_KIB = 24_000;

export type RebuildProgress = { programmes: number; done: number; events: number };

/** A stored event's columns, in `COLUMNS` order. */
type StoredEvent = [
  position: number,
  programmeId: string,
  version: number,
  id: string,
  type: string,
  schemaVersion: number,
  occurredAt: string,
  recordedAt: string,
  data: string,
  meta: string,
];

const COLUMNS = 'position, programme_id, version, id, type, schema_version, occurred_at, recorded_at, data, meta';
const NAMES = COLUMNS.split(', ');

/**
 * Events as arrays of their columns: on SQLite straight from the driver (no row objects, a
 * sixth of reading a million), elsewhere from the rows of `via` (the transaction, inside one).
 */
const readEvents = async (db: Db, via: Kysely<any>, text: string, parameters: Value[]): Promise<StoredEvent[]> =>
  db.selectArrays
    ? (db.selectArrays(text, parameters) as StoredEvent[])
    : ((await runSql(via, text, parameters)).rows as Record<string, unknown>[]).map(
        (r) => NAMES.map((n) => r[n]) as StoredEvent,
      );

/**
 * Meta is canonical JSON whose other values are uuids and slugs, so this test is exact; it spares
 * parsing the meta of every event in the log for the one flag the fold reads.
 */
const ILLUSTRATIVE = { illustrative: true } as const;
const metaOf = (meta: string) => (meta.includes('"illustrative":true') ? ILLUSTRATIVE : undefined);

/**
 * A stored event as the fold reads it. Events already at today's schema skip the upcaster's
 * validation: the hash chain vouches for their bytes, and the rebuild reads a million of them.
 */
const decode = (r: StoredEvent, vault: PersonalDataVault, names = true): FoldableEvent => {
  const parsed = JSON.parse(r[8]) as Record<string, unknown>;
  let data = names ? vault.open(r[1], r[4], parsed) : parsed;
  let type = r[4];
  const schemaVersion = Number(r[5]);
  if (currentSchemaVersion[type as keyof typeof currentSchemaVersion] !== schemaVersion)
    ({ type, data } = upcast(type, schemaVersion, data));
  return {
    type,
    data,
    id: r[3],
    position: Number(r[0]),
    version: Number(r[2]),
    occurredAt: r[6],
    recordedAt: r[7],
    meta: metaOf(r[9]),
  } as FoldableEvent;
};

/**
 * Decrypts the names a fold of still-sealed events holds. The fold only copies names, so
 * opening the few that survive (the latest lead of each partner, each champion) gives the same
 * state as opening every event's, for far fewer decryptions.
 */
const openNames = (s: ProgrammeState, vault: PersonalDataVault): ProgrammeState => {
  const programmeId = s.programmeId ?? '';
  const open = (type: string, data: Record<string, unknown>, field: string) =>
    vault.open(programmeId, type, data)[field] as string;
  for (const p of s.partners.values()) {
    const lead = p.lead === null ? null : open('PartnerJoined', { partnerId: p.partnerId, lead: p.lead }, 'lead');
    const lastReport = p.lastReport && {
      ...p.lastReport,
      lead: open('HighlightReportSubmitted', { partnerId: p.partnerId, lead: p.lastReport.lead }, 'lead'),
    };
    s.partners.set(p.partnerId, { ...p, lead, lastReport });
  }
  for (const c of s.champions.values())
    s.champions.set(c.championId, {
      ...c,
      name: open('ChampionAppointed', { championId: c.championId, name: c.name }, 'name'),
    });
  for (const p of s.people.values()) {
    const opened = vault.open(programmeId, 'PersonAdded', { personId: p.personId, name: p.name, email: p.email });
    s.people.set(p.personId, { ...p, name: opened['name'] as string, email: opened['email'] as string | null });
  }
  return s;
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

const programmeLog = async (db: Db, via: Kysely<any>, programmeId: string, vault: PersonalDataVault) =>
  (
    await readEvents(db, via, `select ${COLUMNS} from events where programme_id = ? order by position`, [programmeId])
  ).map((r) => decode(r, vault));

const tableNames = readModelTables.map((t) => t.name);

/** Rows waiting to be inserted, per table, with names already sealed. */
class Batch {
  readonly rows = new Map<ReadModelTableName, Value[][]>(tableNames.map((t) => [t, []]));
  size = 0;

  /**
   * Holds the programme's rows; with `sink`, sends them on every `FLUSH_ROWS`, so that a long
   * programme's hundred thousand rows are never all sealed and copied to the worker at once.
   */
  async add(state: ProgrammeState, updatedAt: string, vault: PersonalDataVault, sink?: RowSink) {
    const plain = new Map<ReadModelTableName, Value[][]>(tableNames.map((t) => [t, []]));
    plain.get('rm_programmes')!.push([...programmeValues(state), updatedAt]);
    allRows(state, plain);
    for (const [table, rows] of plain) {
      const into = this.rows.get(table)!;
      for (const values of rows) {
        into.push(storedValues({ table, values } satisfies Row, vault));
        this.size++;
        if (sink && this.size >= FLUSH_ROWS) await sink.write(this.take());
      }
    }
  }

  /** The rows held, for the shadow tables, and no longer held here. */
  take(): TableRows {
    const tables: TableRows = [];
    for (const [table, rows] of this.rows) {
      if (rows.length > 0) tables.push([`${table}${SUFFIX}`, columnsOf(table), rows]);
      this.rows.set(table, []);
    }
    this.size = 0;
    return tables;
  }

  async flush(db: Kysely<any>) {
    for (const [table, columns, rows] of this.take()) await insertRows(db, table, columns, rows);
  }
}

/**
 * Recomputes every read model from the log into fresh tables, then swaps them in with one
 * transaction. The log is read once, one programme after another in version order, each folded
 * as it is read (an event that cannot simply be applied, a retraction or a back-dated one, sends
 * its programme to a full fold of its own log); the rows go in many programmes per transaction,
 * on SQLite from a worker thread while this one reads on (`rebuild-sink.ts`). Reads keep using the old tables until the swap; commands that land during the
 * build are caught up inside the swap's write lock, so nothing is missed. The caller drops its
 * caches afterwards (the rows its cached states were written from are gone).
 */
export const rebuild = async (
  db: Db,
  vault: PersonalDataVault,
  onProgress: (p: RebuildProgress) => void = () => {},
) => {
  const k = db.kysely as unknown as Kysely<any>;
  await vault.load(db.kysely);
  for (const t of tableNames) await k.schema.dropTable(`${t}${SUFFIX}`).ifExists().execute();
  await createReadModelTables(k, SUFFIX, `_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`);
  const head = await headOf(k);
  const versions = await versionsOf(k);

  const batch = new Batch();
  // On a file, the rows are inserted on a worker thread while this one reads and folds.
  const sink = db.file ? onWorker(db.file, sqlitePragmas.busy_timeout) : inThread(db);
  let events = 0;
  let done = 0;
  // One programme at a time, its events in version order (the (programme_id, version) index):
  // memory holds one programme's fold, however long the log. A programme that meets an event
  // it cannot simply apply (a retraction, a back-dated event) is folded from its whole log.
  type Current = { id: string; state: ProgrammeState | null; updatedAt: string };
  let current = null as Current | null;
  const finish = async () => {
    if (!current) return;
    const state = current.state ?? fold(await programmeLog(db, k, current.id, vault));
    if (state.programmeId !== null) await batch.add(openNames(state, vault), current.updatedAt, vault, sink);
    onProgress({ programmes: versions.size, done: ++done, events });
    current = null;
  };
  // Neighbouring programmes' events share pages of the interleaved log: a page cache that holds
  // a few programmes' pages reads most pages once instead of once per programme on them.
  const sqlite = db.dialect === 'sqlite';
  const cacheSize = sqlite ? ((await runSql(k, 'pragma cache_size')).rows[0] as { cache_size: number }).cache_size : 0;
  if (sqlite) await runSql(k, `pragma cache_size = -${REBUILD_CACHE_KIB}`);
  const text = `select ${COLUMNS} from events where (programme_id, version) > (?, ?) and position <= ? order by programme_id, version limit ${PAGE}`;
  try {
    for (let after: [string, number] = ['', 0]; ;) {
      const rows = await readEvents(db, k, text, [...after, head]);
      if (rows.length === 0) break;
      for (const r of rows) {
        if (current?.id !== r[1]) {
          await finish();
          current = { id: r[1], state: initialState(), updatedAt: r[7] };
        }
        current.updatedAt = r[7];
        const state = current.state;
        if (state === null) continue;
        const e = decode(r, vault, false);
        if (needsRefold(state, e)) {
          current.state = null;
          continue;
        }
        applyEvent(state, e);
        // Only `decide` reads the event types; they would only fill memory.
        state.eventTypes.delete(e.id);
      }
      const last = rows[rows.length - 1]!;
      after = [last[1], Number(last[2])];
      events += rows.length;
      onProgress({ programmes: versions.size, done, events });
    }
    await finish();
    await sink.finish();
  } catch (error) {
    await sink.finish().catch(() => {});
    throw error;
  } finally {
    if (sqlite) await runSql(k, `pragma cache_size = ${Number(cacheSize)}`);
  }

  await db.write(async (trx) => {
    await batch.flush(trx);
    const t = trx as unknown as Kysely<any>;
    // Commands that landed since the build read its heads: their programmes are folded again here.
    await vault.load(trx);
    for (const [programmeId, version] of await versionsOf(t)) {
      if (versions.get(programmeId) === version) continue;
      for (const table of tableNames)
        await runSql(t, `delete from ${table}${SUFFIX} where programme_id = ?`, [programmeId]);
      const log = await programmeLog(db, t, programmeId, vault);
      const state = fold(log);
      if (state.programmeId !== null) await batch.add(state, log[log.length - 1]!.recordedAt, vault);
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
  if ((await readModelPosition(db.kysely)) < (await headOf(db.kysely))) return rebuild(db, vault, onProgress);
  return null;
};
