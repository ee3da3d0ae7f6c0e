import { createHash } from 'node:crypto';
import { canonicalJson } from '@steerlog/domain';
import type { EventRow } from './db/schema.js';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * The bytes an event's hash covers: every stored column but the hash, with data and meta as
 * stored, as the canonical JSON of `{position, programmeId, version, id, type, schemaVersion,
 * occurredAt, recordedAt, actor, data, meta}`. Written out with the keys already in canonical
 * (sorted) order: it runs for every append and every event verified, and a test holds it equal
 * to `canonicalJson` of that object (`hashedContentReference`).
 */
export const hashedContent = (row: Omit<EventRow, 'hash'>): string =>
  `{"actor":${JSON.stringify(row.actor)},"data":${JSON.stringify(row.data)},"id":${JSON.stringify(row.id)},` +
  `"meta":${JSON.stringify(row.meta)},"occurredAt":${JSON.stringify(row.occurred_at)},` +
  `"position":${JSON.stringify(row.position)},"programmeId":${JSON.stringify(row.programme_id)},` +
  `"recordedAt":${JSON.stringify(row.recorded_at)},"schemaVersion":${JSON.stringify(row.schema_version)},` +
  `"type":${JSON.stringify(row.type)},"version":${JSON.stringify(row.version)}}`;

/** `hashedContent` as first written: the specification the fast form is tested against. */
export const hashedContentReference = (row: Omit<EventRow, 'hash'>): string =>
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

/** The fields of an event as served or exported that its stored row is made of. */
export type EnvelopeFields = {
  position: number;
  programmeId: string;
  version: number;
  id: string;
  type: string;
  schemaVersion: number;
  occurredAt: string;
  recordedAt: string;
  actor: string;
  data: unknown;
  meta: unknown;
};

/** The stored row of an event envelope, without its hash: data and meta as canonical JSON, as the chain hashes them. */
export const rowOfEnvelope = (e: EnvelopeFields): Omit<EventRow, 'hash'> => ({
  position: e.position,
  programme_id: e.programmeId,
  version: e.version,
  id: e.id,
  type: e.type,
  schema_version: e.schemaVersion,
  occurred_at: e.occurredAt,
  recorded_at: e.recordedAt,
  actor: e.actor,
  data: canonicalJson(e.data),
  meta: canonicalJson(e.meta),
});

/** SHA-256 over the previous event's hash and this event's canonical content: the log is a chain. */
export const chainHash = (previousHash: string, row: Omit<EventRow, 'hash'>): string =>
  createHash('sha256').update(previousHash).update(hashedContent(row)).digest('hex');

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
