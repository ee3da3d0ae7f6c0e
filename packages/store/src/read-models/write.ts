import type { ProgrammeState } from '@steerlog/domain';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { PersonalDataVault } from '../personal-data.js';
import type { ProjectedRows, Row, RowChanges, Written } from './rows.js';
import { collections, diffCollection, programmeValues } from './rows.js';
import type { Value } from './sql.js';
import { deleteRows, insertRows } from './sql.js';
import type { ReadModelTableName, TableSpec } from './tables.js';
import { readModelTables } from './tables.js';

/** Where a write goes: the live tables, or a rebuild's (`_next`). */
export type Tables = { suffix: string };
export const liveTables: Tables = { suffix: '' };

const specs = new Map<string, TableSpec>((readModelTables as readonly TableSpec[]).map((t) => [t.name, t]));
export const specOf = (table: ReadModelTableName) => specs.get(table)!;
export const keyWidth = (table: ReadModelTableName) => 1 + specOf(table).key.length;
export const columnsOf = (table: ReadModelTableName) => specOf(table).columns.map((c) => c.name);
export const keyOf = (table: ReadModelTableName) => ['programme_id', ...specOf(table).key];

/**
 * The cells that hold a person's name, and whose name it is (the vault's person-subject). They
 * are written as ciphertext under that subject's key, never in clear.
 */
const personal: Partial<
  Record<ReadModelTableName, { columns: number[]; subject: (values: readonly Value[]) => string }>
> = {
  rm_partners: { columns: [columnsOf('rm_partners').indexOf('lead')], subject: (v) => `partner-lead:${String(v[1])}` },
  rm_highlight_reports: {
    columns: [columnsOf('rm_highlight_reports').indexOf('lead')],
    subject: (v) => `partner-lead:${String(v[1])}`,
  },
  rm_champions: { columns: [columnsOf('rm_champions').indexOf('name')], subject: (v) => `champion:${String(v[1])}` },
  rm_people: {
    columns: [columnsOf('rm_people').indexOf('name'), columnsOf('rm_people').indexOf('email')],
    subject: (v) => `person:${String(v[1])}`,
  },
};

/** A row as stored: names (and e-mail addresses) sealed under their subject's key. */
export const storedValues = (row: Row, vault: PersonalDataVault): Value[] => {
  const p = personal[row.table];
  if (!p || !p.columns.some((c) => typeof row.values[c] === 'string')) return row.values;
  const values = row.values.slice();
  for (const c of p.columns) {
    const name = row.values[c];
    if (typeof name === 'string')
      values[c] = vault.sealForReadModel(String(row.values[0]), p.subject(row.values), name);
  }
  return values;
};

/** The personal columns of the tables, for the reader and for erasure. */
export const personalColumns = personal;

const empty: Written = { keys: [], sources: [], array: null };

/**
 * Writes the read models of one programme so they hold `after`, touching only the rows of
 * things that changed since `before` (null: nothing written yet), plus the programme's row.
 * Runs inside the caller's transaction (the append's), so the read models never disagree with
 * the log. Returns what was written, for the next call; `before` may have been advanced in place
 * to it (as the cached state is advanced in place: whoever sees the write fail forgets both).
 */
export const writeProgramme = async (
  trx: Kysely<Database>,
  before: ProjectedRows | null,
  after: ProgrammeState,
  updatedAt: string,
  vault: PersonalDataVault,
  tables: Tables = liveTables,
): Promise<ProjectedRows> => {
  const db = trx as unknown as Kysely<any>;
  const programmeId = after.programmeId ?? '';
  const programme = programmeValues(after);
  await insertRows(
    db,
    `rm_programmes${tables.suffix}`,
    columnsOf('rm_programmes'),
    [[...programme, updatedAt]],
    ['programme_id'],
  );
  const changes: RowChanges = { upserts: [], deletes: [] };
  const written = collections.map((c, i) =>
    diffCollection(c, programmeId, before?.written[i] ?? empty, after, keyWidth, changes),
  );
  await applyChanges(db, changes, vault, tables);
  return { programme, written };
};

const byTable = (rows: readonly Row[]) => {
  const grouped = new Map<ReadModelTableName, Row[]>();
  for (const r of rows) {
    let list = grouped.get(r.table);
    if (!list) grouped.set(r.table, (list = []));
    list.push(r);
  }
  return grouped;
};

const applyChanges = async (db: Kysely<any>, changes: RowChanges, vault: PersonalDataVault, tables: Tables) => {
  for (const [table, rows] of byTable(changes.deletes)) {
    const width = keyWidth(table);
    await deleteRows(
      db,
      `${table}${tables.suffix}`,
      keyOf(table),
      rows.map((r) => r.values.slice(0, width)),
    );
  }
  for (const [table, rows] of byTable(changes.upserts))
    await insertRows(
      db,
      `${table}${tables.suffix}`,
      columnsOf(table),
      rows.map((r) => storedValues(r, vault)),
      keyOf(table),
    );
};
