import { Worker } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { canonicalJson, currentSchemaVersion } from '@steerlog/domain';
import type { EventRow } from '@steerlog/store';
import { chainHash, GENESIS_HASH, openSqlite, Store } from '@steerlog/store';
import { LARGE, ProgrammeScript, SMALL } from './generate.js';

export type SeedPlan = {
  /** Events in all. */
  total: number;
  programmes: number;
  /** Share of all events that go to the first programme (the long one time travel reads). */
  largeShare: number;
  seed?: number;
};

export const LARGE_PROGRAMME = 'bench-large';
export const programmeName = (i: number) => (i === 0 ? LARGE_PROGRAMME : `bench-${String(i).padStart(4, '0')}`);

/** A uuid fixed by position, so the same plan writes the same ids. */
const uuidFor = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const FIRST_MS = Date.UTC(2020, 0, 6, 9);
const LAST_MS = Date.UTC(2025, 11, 19, 17);

type KeyRow = { subject: string; key: string | null; created_at: string; erased_at: string | null };
type UnhashedRow = Omit<EventRow, 'hash'>;
export type SeedBatch = { rows: UnhashedRow[]; keys: KeyRow[] };

/**
 * Generates the rows of a plan, in position order, in batches: decided by the domain's `decide`,
 * names sealed by the store's own vault, data and meta as canonical JSON. Positions interleave
 * the programmes: every k-th goes to the large programme. Runs in a worker thread (`seed-worker.ts`).
 */
export async function* generateRows(plan: SeedPlan, batchSize = 10_000): AsyncGenerator<SeedBatch> {
  const store = await Store.open(openSqlite(':memory:'));
  const vault = store.vault;
  // `seal` inserts a new subject's key through the database it is given (a compiled statement,
  // so it needs a real one): the in-memory store's, from which each batch takes the keys out.
  const takeKeys = (): Promise<KeyRow[]> =>
    store.kysely.deleteFrom('personal_keys').returning(['subject', 'key', 'created_at', 'erased_at']).execute();
  const seed = plan.seed ?? 42;
  const scripts = Array.from(
    { length: plan.programmes },
    (_, i) =>
      new ProgrammeScript(programmeName(i), seed * 1_000_003 + i, i === 0 ? LARGE : SMALL, Date.UTC(2019, 11, 2)),
  );
  const every = Math.max(1, Math.round(1 / plan.largeShare));
  const step = (LAST_MS - FIRST_MS) / plan.total;
  let position = 0;
  let small = 0;
  let rows: UnhashedRow[] = [];
  while (position < plan.total) {
    const large = position % every === 0 || plan.programmes === 1;
    const script = large ? scripts[0]! : scripts[1 + (small++ % (plan.programmes - 1))]!;
    const at = new Date(FIRST_MS + Math.floor(position * step)).toISOString();
    let openMeeting = script.state.openMeetingId;
    // Every command the scripts send decides exactly one event.
    const { events } = script.next(at, () => ({ id: uuidFor(position + 1), position: position + 1 }));
    const meta = { correlationId: uuidFor(0x8000_0000 + position + 1), causationId: null };
    let version = script.state.version - events.length;
    for (const event of events) {
      // As the store does: the meeting open when the event is recorded (or the one it opens).
      const meetingId = event.type === 'MeetingOpened' ? event.data.meetingId : openMeeting;
      if (event.type === 'MeetingOpened') openMeeting = event.data.meetingId;
      if (event.type === 'MeetingClosed') openMeeting = null;
      const sealed = await vault.seal(store.kysely, script.programmeId, event.type, event.data, at);
      position++;
      rows.push({
        position,
        programme_id: script.programmeId,
        version: ++version,
        id: uuidFor(position),
        type: event.type,
        schema_version: currentSchemaVersion[event.type],
        occurred_at: at,
        recorded_at: at,
        actor: 'bench-coordinator',
        data: canonicalJson(sealed),
        meta: canonicalJson({ ...meta, ...(meetingId ? { meetingId } : {}) }),
      });
    }
    if (rows.length >= batchSize) {
      yield { rows, keys: await takeKeys() };
      rows = [];
    }
  }
  const keys = await takeKeys();
  if (rows.length > 0 || keys.length > 0) yield { rows, keys };
  await store.close();
}

/**
 * Writes `plan.total` valid events straight into the `events` table of a fresh store, as the
 * store would have written them, each row hash-chained to the one before with the store's own
 * `chainHash`, so `verify` passes. A worker thread generates the rows while this thread hashes
 * and inserts them, in big transactions with `synchronous=OFF` (setup, not a measurement).
 * Read models are left empty (checkpoint 0): a rebuild fills them.
 */
export const seedEvents = async (path: string, plan: SeedPlan, onProgress?: (done: number) => void) => {
  await (await Store.open(openSqlite(path))).close();
  const db = new SqliteDatabase(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const insert = db.prepare(
    `insert into events (position, programme_id, version, id, type, schema_version, occurred_at, recorded_at, actor, data, meta, hash)
     values (@position, @programme_id, @version, @id, @type, @schema_version, @occurred_at, @recorded_at, @actor, @data, @meta, @hash)`,
  );
  const insertKey = db.prepare(
    'insert into personal_keys (subject, key, created_at, erased_at) values (@subject, @key, @created_at, @erased_at)',
  );
  let head = GENESIS_HASH;
  let position = 0;
  const write = db.transaction((batch: SeedBatch) => {
    for (const k of batch.keys) insertKey.run(k);
    for (const row of batch.rows) {
      head = chainHash(head, row);
      insert.run({ ...row, hash: head });
    }
  });
  const worker = new Worker(new URL('./seed-worker.ts', import.meta.url), { workerData: plan });
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (m: SeedBatch | 'done') => {
      if (m === 'done') return resolve();
      write(m);
      position += m.rows.length;
      worker.postMessage('ack');
      onProgress?.(position);
    });
    worker.on('error', reject);
    worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seed worker exited with ${code}`))));
  });
  await worker.terminate();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const every = Math.max(1, Math.round(1 / plan.largeShare));
  return { events: position, programmes: plan.programmes, large: Math.ceil(plan.total / every) };
};
