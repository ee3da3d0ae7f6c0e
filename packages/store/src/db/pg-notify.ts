import { z } from 'zod';
import type { EventRow } from './schema.js';
import { eventColumns, EventRowShape, eventValues } from './schema.js';

/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
export const PAYLOAD_LIMIT = 7999;

/**
 * An event row as stored (names sealed, data and meta as the canonical JSON the hash covers), its
 * values in `eventColumns` order; checked column by column as it is turned back into a row.
 */
const Row = z.array(z.union([z.string(), z.number()])).length(eventColumns.length);

/**
 * What one NOTIFY tells other instances of a commit: its events as stored, so they need not read
 * them back, or, for events too large to carry, the positions to read. A commit without events
 * (an erasure, a checkpoint) notifies with an empty payload.
 */
export const CommitNotice = z.union([
  z.object({ rows: z.array(Row) }),
  z.object({ from: z.number().int(), to: z.number().int() }),
]);
export type CommitNotice = { rows: EventRow[] } | { from: number; to: number };

/** The row the values stand for, or null when a column is not what it should be. */
const rowOf = (values: readonly (string | number)[]): EventRow | null => {
  const row = EventRowShape.safeParse(Object.fromEntries(eventColumns.map((c, n) => [c, values[n]])));
  return row.success ? row.data : null;
};

/**
 * The payloads announcing `rows` (one commit's events, in position order): as many rows to a
 * payload as fit under `limit` bytes, and a row that does not fit alone as its position, so the
 * receivers read only that one. Several NOTIFYs of one transaction arrive together and in order.
 */
export const noticesOf = (rows: readonly EventRow[], limit = PAYLOAD_LIMIT): string[] => {
  const payloads: string[] = [];
  let chunk: string[] = [];
  let bytes = 0;
  let range: { from: number; to: number } | null = null;
  const close = () => {
    if (chunk.length > 0) payloads.push(`{"rows":[${chunk.join(',')}]}`);
    if (range) payloads.push(JSON.stringify(range));
    chunk = [];
    bytes = 0;
    range = null;
  };
  const wrapper = '{"rows":[]}'.length;
  for (const row of rows) {
    const text = JSON.stringify(eventValues(row));
    const size = Buffer.byteLength(text) + 1;
    if (wrapper + size > limit) {
      if (chunk.length > 0) close();
      range = range ? { from: range.from, to: row.position } : { from: row.position, to: row.position };
      continue;
    }
    if (range || wrapper + bytes + size > limit) close();
    chunk.push(text);
    bytes += size;
  }
  close();
  return payloads;
};

/** A payload as `noticesOf` wrote it; null for an empty or unreadable one (then the receiver reads the log). */
export const readNotice = (payload: string): CommitNotice | null => {
  if (payload === '') return null;
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return null;
  }
  const notice = CommitNotice.safeParse(json);
  if (!notice.success) return null;
  if (!('rows' in notice.data)) return notice.data;
  const rows = notice.data.rows.map(rowOf);
  return rows.every((r) => r !== null) ? { rows } : null;
};
