import type { PostgresPool, PostgresPoolClient } from 'kysely';
import pg from 'pg';

/**
 * A statement whose text starts with this may wait until the next read or the commit: the caller
 * needs nothing back from it (no rows, no count). Outside a write transaction it runs at once.
 */
export const DEFERRABLE = '/* deferrable */ ';

/** Texts the pipelining client recognises as the write transaction's own steps (see `PipelinedClient`). */
export const WRITE_BEGIN = '/* steerlog write begin */';
/** Appended to `WRITE_BEGIN`: the head this instance knows, so the same message brings what others appended after it. */
export const writeBeginAfter = (knownHead: number) => `${WRITE_BEGIN} ${Math.trunc(knownHead)}`;
export const WRITE_COMMIT = '/* steerlog write commit */';
export const WRITE_ROLLBACK = '/* steerlog write rollback */';
/**
 * Starts a write transaction that takes the lock only with its first write: nothing is sent now,
 * or, with a head given, one message reading (without the lock) the head and what others
 * appended after it.
 */
export const WRITE_START = '/* steerlog write start */';
export const writeStartAfter = (knownHead: number) => `${WRITE_START} ${Math.trunc(knownHead)}`;
/** Parameter: the head the transaction's decisions rest on; the lock message fails the transaction when the log's head is another. */
export const WRITE_EXPECT = '/* steerlog write expect */';
/**
 * After `HeadMoved`: goes back to before the failed check, keeping the lock it took, and reads
 * the head and the events after the parameter (as `WRITE_BEGIN` would): the transaction is then
 * a locked one, decided again under the lock.
 */
export const WRITE_RESUME = '/* steerlog write resume */';

/** Taken just before the head check, so a failed check can be undone without letting go of the lock. */
const CHECKED = 'steerlog_head';

/** The SQLSTATE of the head check's failure: the log's head is not the one the transaction was decided against. */
const HEAD_MOVED_CODE = 'SLHM1';

/**
 * The head moved between the transaction's reads and its lock (another instance committed):
 * nothing of it was written, and it can be decided again against the new head.
 */
export class HeadMoved extends Error {
  override name = 'HeadMoved';
  constructor(readonly expected: number) {
    super(`another writer moved the log's head past ${expected} before this transaction took the lock`);
  }
}

type PgResult = { command?: string; rowCount?: number | null; rows?: unknown[] };

/** Statements named once and prepared on each connection that runs them: the hot path's texts are few. */
const names = new Map<string, string>();
const MAX_NAMED = 500;
const nameOf = (text: string) => {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMED) names.set(text, (name = `steerlog_${names.size}`));
  return name;
};

/** A value written into SQL text as a literal; only the store's own scalars reach here. */
const literal = (value: unknown): string => {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as a SQL literal`);
    return String(value);
  }
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return pg.escapeLiteral(value);
  throw new Error(`cannot write a ${typeof value} as a SQL literal`);
};

const inline = (text: string, params: readonly unknown[]) =>
  text.replace(/\$(\d+)/g, (_, n: string) => literal(params[Number(n) - 1]));

/** One step of a write transaction kept for the next round trip. */
type Pending = { sql: string; savepoint?: string };

/** A write transaction in progress on this connection. */
type Transaction = {
  pending: Pending[];
  /** `begin` (and, when optimistic, the lock and the head check) has been sent. */
  open: boolean;
  /** Optimistic: the head its decisions rest on, checked under the lock in the message that takes it. */
  expected: number | null;
  /** The head check failed: everything after it fails the same way until the rollback. */
  moved: boolean;
};

/** Other instances' events brought by a write's first message; past this, the store reads the log itself. */
export const FOREIGN_LIMIT = 1000;

const SAVEPOINT = /^savepoint "?(\w+)"?$/i;
const RELEASE = /^release savepoint "?(\w+)"?$/i;
const ROLLBACK_TO = /^rollback to savepoint "?(\w+)"?$/i;

export type PipelineOptions = {
  /** The advisory lock every writer of the database takes, and the channel told of each commit. */
  lock: number;
  channel: string;
  /** Counts each message that waits for the server's answer (a round trip), and the statements in it. */
  onRoundTrip: (statements: number) => void;
};

const isHeadCheck = (e: unknown) => typeof e === 'object' && e !== null && 'code' in e && e.code === HEAD_MOVED_CODE;

/**
 * A pooled `pg` client that spends as few round trips on a write transaction as it can. Over a
 * loopback connection a round trip costs more than the server's work on a small statement, and
 * `pg` sends one statement per round trip. So, inside a write transaction:
 *
 * - Statements marked `DEFERRABLE` (the append's inserts and upserts) and savepoints are kept,
 *   with their parameters written in as literals, and sent together as one simple-protocol
 *   message before the next read, or with the commit.
 * - `WRITE_COMMIT` is one message: what is kept, the NOTIFYs to other instances, and `commit`.
 *
 * Two ways to start one. `WRITE_BEGIN` (every writer but the command path) sends `begin`, the
 * advisory lock and the head at once, and holds the lock to the commit. `WRITE_START` (the
 * command path) takes no lock: the head and others' new events are read, if at all, without it,
 * the commands are decided against them, and the message that first carries a write (usually
 * the commit) starts with `begin`, the lock and a check that the head is still `WRITE_EXPECT`'s,
 * which fails the transaction (`HeadMoved`) when another instance appended meanwhile. The lock
 * is then held for one message's work on the server instead of across this process's own work.
 * A failed check keeps the lock it waited for: `WRITE_RESUME` undoes the check and reads what
 * moved the head, and the transaction is decided again holding the lock, so it goes through.
 *
 * A savepoint still kept when its job is released or rolled back costs nothing: it and what
 * follows it are dropped. Every other statement (reads) runs as a named prepared statement.
 */
export class PipelinedClient {
  private tx: Transaction | null = null;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly options: PipelineOptions,
  ) {}

  release(error?: Error | boolean) {
    this.tx = null;
    this.client.release(error);
  }

  async query(text: string, params: readonly unknown[] = []): Promise<PgResult> {
    const tx = this.tx;
    if (text === WRITE_ROLLBACK) {
      this.tx = null;
      // Nothing was sent inside a transaction block: there is nothing to roll back.
      return tx && !tx.open ? { rows: [] } : this.roundTrip('rollback');
    }
    if (text === WRITE_RESUME) return this.resume(tx!, Number(params[0]));
    if (tx?.moved) throw new HeadMoved(tx.expected ?? -1);
    if (text.startsWith(WRITE_BEGIN)) return this.begin(Number(text.slice(WRITE_BEGIN.length) || -1), true);
    if (text.startsWith(WRITE_START)) return this.begin(Number(text.slice(WRITE_START.length) || -1), false);
    if (text === WRITE_EXPECT) {
      if (tx) tx.expected = Number(params[0]);
      return { rows: [] };
    }
    if (text === WRITE_COMMIT) return this.commit(tx!, params as readonly string[]);
    if (tx) {
      if (text.startsWith(DEFERRABLE)) {
        tx.pending.push({ sql: inline(text.slice(DEFERRABLE.length), params) });
        return { rows: [] };
      }
      const kept = this.keepSavepointStep(tx, text);
      if (kept) return kept;
      // A read must see the transaction's own writes: they go first (taking the lock, if not yet held).
      if (tx.pending.some((p) => p.savepoint === undefined))
        await this.send(
          tx,
          tx.pending.map((p) => p.sql),
        );
    }
    if (params.length === 0) return this.roundTrip(text);
    const name = nameOf(text);
    this.options.onRoundTrip(1);
    return this.client.query({ text, values: [...params], ...(name ? { name } : {}) });
  }

  /**
   * Locked: `begin`, the lock and the head. Optimistic: no lock, and nothing at all unless
   * `knownHead` is given. With `knownHead` >= 0 also the events after it (up to
   * `FOREIGN_LIMIT`) and, only when there are some, the keys (their names may be sealed under
   * keys created elsewhere). One row comes back, `{ head, events, keys }`, or none when nothing was read.
   */
  private async begin(knownHead: number, locked: boolean): Promise<PgResult> {
    this.tx = { pending: [], open: locked, expected: null, moved: false };
    const statements = locked ? ['begin', `select pg_advisory_xact_lock(${this.options.lock})`] : [];
    if (locked || knownHead >= 0) statements.push('select coalesce(max(position), 0)::int8::text as head from events');
    if (knownHead >= 0)
      statements.push(
        `select * from events where position > ${knownHead} order by position limit ${FOREIGN_LIMIT}`,
        `select subject, key from personal_keys where exists (select 1 from events where position > ${knownHead})`,
      );
    if (statements.length === 0) return { rows: [] };
    const answer = await this.roundTrip(statements.join('; '), statements.length);
    const results = (Array.isArray(answer) ? answer : [answer]) as PgResult[];
    const [head, events, keys] = results.slice(locked ? 2 : 0).map((r) => r.rows ?? []);
    return { rows: [{ head: (head![0] as { head: string }).head, events, keys }] };
  }

  /**
   * Undoes the failed head check. A transaction block opened with it still holds the lock: back
   * to the savepoint before the check, and the reads, in one message. A failed check alone (no
   * block) took no lock: a locked begin, then.
   */
  private async resume(tx: Transaction, knownHead: number): Promise<PgResult> {
    if (!tx.open) return this.begin(knownHead, true);
    this.tx = { pending: [], open: true, expected: null, moved: false };
    const statements = [
      `rollback to savepoint ${CHECKED}`,
      'select coalesce(max(position), 0)::int8::text as head from events',
      `select * from events where position > ${Math.trunc(knownHead)} order by position limit ${FOREIGN_LIMIT}`,
      `select subject, key from personal_keys where exists (select 1 from events where position > ${Math.trunc(knownHead)})`,
    ];
    const results = (await this.roundTrip(statements.join('; '), statements.length)) as unknown as PgResult[];
    const [head, events, keys] = results.slice(1).map((r) => r.rows ?? []);
    return { rows: [{ head: (head![0] as { head: string }).head, events, keys }] };
  }

  /**
   * The commit message. With nothing to write and no transaction block opened, the head check
   * alone: the reads a refusal or a replay rested on must still describe the log.
   */
  private async commit(tx: Transaction, payloads: readonly string[]): Promise<PgResult> {
    const writes = tx.pending.some((p) => p.savepoint === undefined);
    if (!tx.open && !writes) {
      if (tx.expected !== null) await this.checked(tx, this.roundTrip(headCheck(tx.expected)));
      this.tx = null;
      return { rows: [] };
    }
    const notify =
      payloads.length === 0
        ? [`notify ${this.options.channel}`]
        : payloads.map((p) => `select pg_notify('${this.options.channel}', ${literal(p)})`);
    const result = await this.send(tx, [...tx.pending.map((p) => p.sql), ...notify, 'commit']);
    this.tx = null;
    return result;
  }

  /** Savepoint steps while statements are kept; undefined when the step must go to the server. */
  private keepSavepointStep(tx: Transaction, text: string): PgResult | undefined {
    const pending = tx.pending;
    const open = SAVEPOINT.exec(text);
    if (open) {
      pending.push({ sql: `savepoint ${open[1]}`, savepoint: open[1]! });
      return { rows: [] };
    }
    const closing = RELEASE.exec(text) ?? ROLLBACK_TO.exec(text);
    if (!closing) return undefined;
    const at = pending.findIndex((p) => p.savepoint === closing[1]);
    if (at >= 0) {
      // Not sent yet: releasing keeps what followed it, rolling back drops it all.
      if (RELEASE.test(text)) pending.splice(at, 1);
      else pending.length = at;
      return { rows: [] };
    }
    // Sent already (a read came in between): what is kept all follows the savepoint.
    if (RELEASE.test(text)) return { rows: [] };
    pending.length = 0;
    pending.push({ sql: text });
    return { rows: [] };
  }

  /**
   * Sends `statements` (what is kept, and what follows it) as one message, opened by `begin`,
   * the lock and the head check when the transaction has not sent them yet.
   */
  private async send(tx: Transaction, statements: readonly string[]): Promise<PgResult> {
    const opening: string[] = [];
    if (!tx.open) {
      if (tx.expected === null)
        throw new Error('an optimistic write transaction wrote before naming the head it rests on');
      // Released at once when the check passes (the writes need no subtransaction); left for `WRITE_RESUME` when it fails.
      opening.push(
        'begin',
        `select pg_advisory_xact_lock(${this.options.lock})`,
        `savepoint ${CHECKED}`,
        headCheck(tx.expected),
        `release savepoint ${CHECKED}`,
      );
      tx.open = true;
    }
    tx.pending = [];
    const all = [...opening, ...statements];
    const results = await this.checked(tx, this.roundTrip(all.join(';\n'), all.length));
    return Array.isArray(results) ? (results[results.length - 1] as PgResult) : results;
  }

  /** A failed head check as `HeadMoved`; the transaction then refuses every statement until its rollback. */
  private async checked(tx: Transaction, answer: Promise<PgResult>): Promise<PgResult> {
    try {
      return await answer;
    } catch (error) {
      if (!isHeadCheck(error)) throw error;
      tx.moved = true;
      throw new HeadMoved(tx.expected!);
    }
  }

  private roundTrip(text: string, statements = 1): Promise<PgResult> {
    this.options.onRoundTrip(statements);
    return this.client.query(text);
  }
}

/** Fails the transaction unless the log's head is still `expected` (positions only grow, each commit moving it). */
const headCheck = (expected: number) =>
  `do $$ begin if (select coalesce(max(position), 0) from events) <> ${Math.trunc(expected)} then ` +
  `raise exception 'the log''s head moved past ${Math.trunc(expected)}' using errcode = '${HEAD_MOVED_CODE}'; end if; end $$`;

/**
 * A `pg.Pool` as Kysely sees it, handing out pipelining clients (one per pooled connection).
 * `backends` holds the server process ids of its connections, so this instance can tell its own
 * NOTIFYs from other instances'.
 */
export const pipelinedPool = (pool: pg.Pool, options: PipelineOptions, backends: Set<number>): PostgresPool => {
  const wrappers = new WeakMap<pg.PoolClient, PipelinedClient>();
  pool.on('remove', (client) => backends.delete((client as unknown as { processID: number }).processID));
  return {
    connect: async () => {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        wrappers.set(client, (wrapper = new PipelinedClient(client, options)));
        backends.add((client as unknown as { processID: number }).processID);
      }
      // Kysely's client type also allows cursors, which the store never asks for.
      return wrapper as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
};
