import type { ProgrammeState } from '@steerlog/domain';
import type { Value } from './sql.js';
import type { ReadModelTableName } from './tables.js';

/** One row of one read-model table, values in the table's column order, names in clear. */
export type Row = { table: ReadModelTableName; values: Value[] };

/** The `illustrative` column: 1 where the thing or figure rests on an illustrative event. */
export const flag = (v: { illustrative?: true }): Value => (v.illustrative ? 1 : 0);

/**
 * A part of the state that becomes rows: its things in fold order, and the rows of one thing.
 * A row depends only on the programme, the thing's key, the thing itself and its place (`seq`),
 * which is what lets the writer skip a thing whose object it has already written.
 */
export type Collection = {
  name: string;
  entries: (s: ProgrammeState) => Iterable<readonly [string | number, unknown]>;
  /** The array behind `entries` when it only ever grows (the RAG history): its written prefix needs no look. */
  appendOnly?: (s: ProgrammeState) => readonly unknown[];
  rows: (programmeId: string, key: string | number, value: never, seq: number) => Row[];
};

export const collection = <TValue>(c: {
  name: string;
  entries: (s: ProgrammeState) => Iterable<readonly [string | number, TValue]>;
  appendOnly?: (s: ProgrammeState) => readonly TValue[];
  rows: (programmeId: string, key: string | number, value: TValue, seq: number) => Row[];
}): Collection => c;
