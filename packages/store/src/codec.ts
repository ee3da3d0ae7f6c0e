import type { RecordedEvent } from '@steerlog/domain';
import { currentSchemaVersion, upcast } from '@steerlog/domain';
import type { EventRow } from './db/schema.js';
import type { PersonalDataVault } from './personal-data.js';

/**
 * A stored row as the rest of the system sees it: names decrypted (or `[erased]`) and data
 * upcast to today's schema. The stored bytes, and so the hash, are untouched.
 */
export const readEvent = (row: EventRow, vault: PersonalDataVault): RecordedEvent => {
  const event = upcast(
    row.type,
    row.schema_version,
    vault.open(row.programme_id, row.type, JSON.parse(row.data) as Record<string, unknown>),
  );
  return {
    position: Number(row.position),
    programmeId: row.programme_id,
    version: Number(row.version),
    id: row.id,
    schemaVersion: currentSchemaVersion[event.type],
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    actor: row.actor,
    meta: JSON.parse(row.meta) as RecordedEvent['meta'],
    hash: row.hash,
    ...event,
  };
};
