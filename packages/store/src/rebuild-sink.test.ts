import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { onWorker } from './rebuild-sink.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const fileWith = (ddl: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'steerlog-sink-'));
  dirs.push(dir);
  const file = join(dir, 'sink.db');
  const db = new SqliteDatabase(file);
  db.pragma('journal_mode = WAL');
  db.exec(ddl);
  db.close();
  return file;
};

describe("the rebuild's insert worker", () => {
  it('commits every batch, in order, before finish resolves', async () => {
    const file = fileWith('create table t_next (k text primary key, n integer, note text)');
    const sink = onWorker(file, 1000);
    for (let b = 0; b < 5; b++)
      await sink.write([
        [
          't_next',
          ['k', 'n', 'note'],
          Array.from({ length: 300 }, (_, i) => [`k${b}-${i}`, b * 300 + i, i % 2 ? null : 'é ✓']),
        ],
      ]);
    await sink.finish();
    const db = new SqliteDatabase(file, { readonly: true });
    const rows = db.prepare('select k, n, note from t_next order by n').all() as { n: number; note: string | null }[];
    db.close();
    expect(rows).toHaveLength(1500);
    expect(rows.map((r) => r.n)).toEqual(Array.from({ length: 1500 }, (_, i) => i));
    expect(rows[0]!.note).toBe('é ✓');
  });

  it('reports a failed insert with SQLite’s words, refuses more rows, and stops', async () => {
    const file = fileWith('create table t_next (k text primary key)');
    const sink = onWorker(file, 1000);
    await sink.write([['missing_next', ['k'], [['a']]]]);
    await expect(sink.finish()).rejects.toThrow(/inserting rows failed: no such table: missing_next/);
    await expect(sink.write([['t_next', ['k'], [['b']]]])).rejects.toThrow(/no such table/);
    const db = new SqliteDatabase(file, { readonly: true });
    expect(db.prepare('select count(*) as n from t_next').get()).toEqual({ n: 0 });
    db.close();
  });
});
