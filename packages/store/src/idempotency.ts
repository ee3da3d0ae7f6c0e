import { createHash } from 'node:crypto';
import type { Command } from '@steerlog/domain';
import { canonicalJson } from '@steerlog/domain';
import type { Kysely } from 'kysely';
import { compiledOnce } from './db/compiled.js';
import type { Database } from './db/schema.js';
import { StoreError } from './errors.js';

/**
 * What the idempotency table keeps of a result: where its events are, not the events. Names then
 * live only as ciphertext in the log, and a replay after an erasure shows them erased too.
 */
export type StoredResult = { positions: number[]; version: number; position: number };

/** A client's claim on a key: scoped to the sender (the token), so one client's key never returns another's response. */
export type IdempotencyClaim = { key: string; requestHash: string };

export const claimOf = (scope: string, key: string, programmeId: string, command: Command): IdempotencyClaim => ({
  key: `${scope}:${key}`,
  requestHash: createHash('sha256').update(canonicalJson({ programmeId, command })).digest('hex'),
});

/**
 * The result already recorded under this claim's key, or null when the key is new. The same key
 * with another request is refused: the client has mixed up two commands.
 */
export const findResult = async (trx: Kysely<Database>, claim: IdempotencyClaim): Promise<StoredResult | null> => {
  const seen = (await selectClaim(trx, { key: claim.key })).rows[0];
  if (!seen) return null;
  if (seen.request_hash !== claim.requestHash)
    throw new StoreError('idempotency_key_reused', 'this Idempotency-Key was already used with a different request');
  return JSON.parse(seen.response) as StoredResult;
};

/** Remembers a result under the claim's key, in the transaction that recorded it. */
export const rememberResult = async (
  trx: Kysely<Database>,
  claim: IdempotencyClaim,
  programmeId: string,
  result: StoredResult,
  now: string,
) => {
  await insertClaim(trx, {
    key: claim.key,
    request_hash: claim.requestHash,
    programme_id: programmeId,
    response: JSON.stringify({
      positions: result.positions,
      version: result.version,
      position: result.position,
    } satisfies StoredResult),
    created_at: now,
  });
};

const selectClaim = compiledOnce<'key', { request_hash: string; response: string }>((db, param) =>
  db.selectFrom('idempotency').select(['request_hash', 'response']).where('key', '=', param('key')),
);

type IdempotencyColumn = 'key' | 'request_hash' | 'programme_id' | 'response' | 'created_at';
const insertClaim = compiledOnce<IdempotencyColumn>(
  (db, param) =>
    db.insertInto('idempotency').values({
      key: param('key'),
      request_hash: param('request_hash'),
      programme_id: param('programme_id'),
      response: param('response'),
      created_at: param('created_at'),
    }),
  { deferrable: true },
);
