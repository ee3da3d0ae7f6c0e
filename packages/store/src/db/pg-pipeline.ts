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

/**
 * A pooled `pg` client that spends as few round trips on a write transaction as it can. Over a
 * loopback connection a round trip costs more than the server's work on a small statement, and
 * `pg` sends one statement per round trip. So, inside a write transaction:
 *
 * - `WRITE_BEGIN` is one message: `begin`, the advisory lock and the head position.
 * - Statements marked `DEFERRABLE` (the append's inserts and upserts) and savepoints are kept,
 *   with their parameters written in as literals, and sent together as one simple-protocol
 *   message before the next read, or with the commit.
 * - `WRITE_COMMIT` is one message: what is kept, the NOTIFY to other instances, and `commit`.
 *
 * A savepoint still kept when its job is released or rolled back costs nothing: it and what
 * follows it are dropped. Every other statement (reads) runs as a named prepared statement.
 */
export class PipelinedClient {
  private pending: Pending[] | null = null;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly options: PipelineOptions,
  ) {}

  release(error?: Error | boolean) {
    this.pending = null;
    this.client.release(error);
  }

  async query(text: string, params: readonly unknown[] = []): Promise<PgResult> {
    if (text.startsWith(WRITE_BEGIN)) return this.begin(Number(text.slice(WRITE_BEGIN.length) || -1));
    if (text === WRITE_COMMIT) return this.send(`notify ${this.options.channel}; commit`, true);
    if (text === WRITE_ROLLBACK) {
      this.pending = null;
      return this.roundTrip('rollback');
    }
    if (this.pending) {
      if (text.startsWith(DEFERRABLE)) {
        this.pending.push({ sql: inline(text.slice(DEFERRABLE.length), params) });
        return { rows: [] };
      }
      const kept = this.keepSavepointStep(text);
      if (kept) return kept;
      await this.flush();
    }
    if (params.length === 0) return this.roundTrip(text);
    const name = nameOf(text);
    this.options.onRoundTrip(1);
    return this.client.query({ text, values: [...params], ...(name ? { name } : {}) });
  }

  /**
   * `begin`, the lock and the head; with `knownHead` >= 0 also the events after it (up to
   * `FOREIGN_LIMIT`) and, only when there are some, the keys (their names may be sealed under
   * keys created elsewhere). One row comes back: `{ head, events, keys }`.
   */
  private async begin(knownHead: number): Promise<PgResult> {
    this.pending = [];
    const statements = [
      'begin',
      `select pg_advisory_xact_lock(${this.options.lock})`,
      'select coalesce(max(position), 0)::int8::text as head from events',
    ];
    if (knownHead >= 0)
      statements.push(
        `select * from events where position > ${knownHead} order by position limit ${FOREIGN_LIMIT}`,
        `select subject, key from personal_keys where exists (select 1 from events where position > ${knownHead})`,
      );
    const results = (await this.roundTrip(statements.join('; '), statements.length)) as unknown as PgResult[];
    const [head, events, keys] = results.slice(2).map((r) => r.rows ?? []);
    return { rows: [{ head: (head![0] as { head: string }).head, events, keys }] };
  }

  /** Savepoint steps while statements are kept; undefined when the step must go to the server. */
  private keepSavepointStep(text: string): PgResult | undefined {
    const pending = this.pending!;
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

  private async flush() {
    if (!this.pending || this.pending.length === 0) return;
    await this.send('', false);
  }

  /** Sends what is kept, followed by `tail`, as one message. */
  private async send(tail: string, end: boolean): Promise<PgResult> {
    const statements = (this.pending ?? []).map((p) => p.sql);
    if (tail) statements.push(tail);
    if (end) this.pending = null;
    else this.pending = [];
    const results = await this.roundTrip(statements.join(';\n'), statements.length + (end ? 1 : 0));
    return Array.isArray(results) ? (results[results.length - 1] as PgResult) : results;
  }

  private roundTrip(text: string, statements = 1): Promise<PgResult> {
    this.options.onRoundTrip(statements);
    return this.client.query(text);
  }
}

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
