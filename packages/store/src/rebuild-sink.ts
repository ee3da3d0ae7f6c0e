import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './db/connect.js';
import type { Value } from './read-models/sql.js';
import { insertRows } from './read-models/sql.js';

/** Rows for some tables: each table with its columns and the rows' values in that order. */
export type TableRows = [table: string, columns: readonly string[], rows: Value[][]][];

/** Where a rebuild's rows go: each `write` is one transaction; `finish` resolves once all are committed. */
export type RowSink = {
  write: (tables: TableRows) => Promise<void>;
  finish: () => Promise<void>;
};

/** Inserts on the rebuild's own connection, many rows per statement. */
export const inThread = (db: Db): RowSink => ({
  write: (tables) =>
    db.write(async (trx) => {
      for (const [table, columns, rows] of tables) await insertRows(trx, table, columns, rows);
    }),
  finish: async () => {},
});

/**
 * The worker's code, evaluated as CommonJS: it opens its own connection to the file, without
 * fsync (the shadow tables need no durability of their own: a crash leaves them to the next
 * rebuild) and inserts each message's rows in one transaction through prepared statements.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = ' + workerData.busyTimeout);
db.pragma('synchronous = off');
const statements = new Map();
const statementFor = (table, columns) => {
  let statement = statements.get(table);
  if (!statement) {
    statement = db.prepare('insert into ' + table + ' (' + columns.join(',') + ') values (' + columns.map(() => '?').join(',') + ')');
    statements.set(table, statement);
  }
  return statement;
};
const insert = db.transaction((tables) => {
  for (const [table, columns, rows] of tables) {
    const statement = statementFor(table, columns);
    for (const row of rows) statement.run(row);
  }
});
parentPort.on('message', (tables) => {
  if (tables === null) {
    db.close();
    parentPort.close();
    return;
  }
  try {
    insert(tables);
    parentPort.postMessage(null);
  } catch (error) {
    parentPort.postMessage(String(error && error.message ? error.message : error));
  }
});
`;

/** At most this many messages wait for the worker: memory holds a few flushes' rows, not the build's. */
const IN_FLIGHT = 2;

/**
 * Inserts on a worker thread with its own connection to the SQLite file, so that the inserts
 * (a quarter of a rebuild's time on one thread) run beside the reading and folding on this one.
 * A table is written by one transaction at a time, in the order given, so the rows are the
 * same as the other sink's.
 */
export const onWorker = (file: string, busyTimeout: number): RowSink => {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { driver, file, busyTimeout } });
  const waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const acknowledged: Promise<void>[] = [];
  let failed: Error | null = null;
  const fail = (error: Error) => {
    failed ??= error;
    for (const w of waiting.splice(0)) w.reject(failed);
  };
  worker.on('message', (answer: string | null) => {
    if (answer === null) waiting.shift()?.resolve();
    else fail(new Error(`rebuild: inserting rows failed: ${answer}`));
  });
  worker.on('error', fail);
  worker.on('exit', (code) => {
    if (waiting.length > 0) fail(new Error(`rebuild: the insert worker stopped (exit code ${code})`));
  });
  return {
    write: async (tables) => {
      if (failed) throw failed;
      const ack = new Promise<void>((resolve, reject) => waiting.push({ resolve, reject }));
      ack.catch(() => {});
      acknowledged.push(ack);
      worker.postMessage(tables);
      if (acknowledged.length >= IN_FLIGHT) await acknowledged.shift();
    },
    finish: async () => {
      try {
        await Promise.all(acknowledged.splice(0));
        if (failed) throw failed;
        const exited = new Promise((resolve) => worker.once('exit', resolve));
        worker.postMessage(null);
        await exited;
      } finally {
        // Stopped already when it closed; otherwise (a failure) nothing it still holds is wanted.
        await worker.terminate();
      }
    },
  };
};
