import type { ProgrammeState } from '@steerlog/domain';
import type { Kysely } from 'kysely';
import type { Database, EntityTableName } from '../db/schema.js';
import { entityTables } from '../db/schema.js';
import type { EntityRow } from './rows.js';
import { rowsToState } from './rows.js';

/** What the read models hold for a programme, as a state; null when they hold nothing. */
export const readProjectedState = async (db: Kysely<Database>, programmeId: string): Promise<ProgrammeState | null> => {
  const programme = await db
    .selectFrom('rm_programmes')
    .selectAll()
    .where('programme_id', '=', programmeId)
    .executeTakeFirst();
  if (!programme) return null;
  const entities = {} as Record<EntityTableName, EntityRow[]>;
  for (const table of entityTables)
    entities[table] = await db
      .selectFrom(table)
      .select(['entity_id', 'seq', 'doc'])
      .where('programme_id', '=', programmeId)
      .execute();
  return rowsToState(
    { ...programme, version: Number(programme.version), position: Number(programme.position) },
    entities,
  );
};
