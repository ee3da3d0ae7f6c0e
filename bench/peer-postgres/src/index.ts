import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';

/** The fields of a stored Steerlog event that Emmett's append needs. */
export type PeerEvent = { programme_id: string; version: number; type: string; data: string };

/**
 * Appends `rows` one by one through Emmett's PostgreSQL event store (`appendToStream` with the
 * expected stream version, as Steerlog checks its programme version), timing each append.
 * `getPostgreSQLEventStore` keeps one pool for all of them; its schema is created first.
 */
export const appendWithEmmett = async (connectionString: string, rows: readonly PeerEvent[]) => {
  const store = getPostgreSQLEventStore(connectionString);
  try {
    await store.schema.migrate();
    const latencies = new Float64Array(rows.length);
    const start = performance.now();
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const t = performance.now();
      await store.appendToStream(
        `programme-${row.programme_id}`,
        [{ type: row.type, data: JSON.parse(row.data) as Record<string, unknown> }],
        { expectedStreamVersion: BigInt(row.version - 1) },
      );
      latencies[i] = performance.now() - t;
    }
    return { elapsedMs: performance.now() - start, latencies };
  } finally {
    await store.close();
  }
};
