import { createHash } from 'node:crypto';
import { canonicalJson } from '@steerlog/domain';
import type { EventRow } from './db/schema.js';

export const GENESIS_HASH = '0'.repeat(64);

/** The bytes an event's hash covers: every stored column but the hash, with data and meta as stored. */
const content = (row: Omit<EventRow, 'hash'>) =>
  canonicalJson({
    position: row.position,
    programmeId: row.programme_id,
    version: row.version,
    id: row.id,
    type: row.type,
    schemaVersion: row.schema_version,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    actor: row.actor,
    data: row.data,
    meta: row.meta,
  });

/** SHA-256 over the previous event's hash and this event's canonical content: the log is a chain. */
export const chainHash = (previousHash: string, row: Omit<EventRow, 'hash'>): string =>
  createHash('sha256').update(previousHash).update(content(row)).digest('hex');

/** True when a stored JSON column is exactly the canonical form of what it holds (no byte can change unseen). */
export const isCanonical = (json: string): boolean => {
  try {
    return canonicalJson(JSON.parse(json)) === json;
  } catch {
    return false;
  }
};

export type VerifyResult = { ok: true; checked: number } | { ok: false; firstBadPosition: number; checked: number };

/**
 * Walks rows in position order and reports the first whose position breaks the gap-free
 * sequence, whose columns are not canonical, or whose hash does not follow from its
 * predecessor's. `checked` counts the rows read up to and including a bad one.
 */
export const verifyChain = (
  rows: Iterable<EventRow>,
  start = { position: 0, hash: GENESIS_HASH },
): VerifyResult & { last: { position: number; hash: string } } => {
  let previous = start.hash;
  let expected = start.position + 1;
  let checked = 0;
  for (const row of rows) {
    checked++;
    const bad =
      row.position !== expected ||
      !isCanonical(row.data) ||
      !isCanonical(row.meta) ||
      chainHash(previous, row) !== row.hash;
    if (bad)
      return { ok: false, firstBadPosition: expected, checked, last: { position: expected - 1, hash: previous } };
    previous = row.hash;
    expected++;
  }
  return { ok: true, checked, last: { position: expected - 1, hash: previous } };
};
