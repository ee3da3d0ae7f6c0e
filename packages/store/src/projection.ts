import type { ProgrammeState } from '@steerlog/domain';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.js';
import type { PersonalDataVault } from './personal-data.js';
import type { ProjectedRows } from './read-models/rows.js';
import { stateToRows } from './read-models/rows.js';
import { writeProgramme } from './read-models/write.js';

export type { ProjectedRows };

/** What the read models hold for `state`, computed without reading or writing them. */
export const rowsOf = (state: ProgrammeState): ProjectedRows => stateToRows(state);

/**
 * Projects a programme's new state into the read models, inside the append's transaction, so the
 * read models never disagree with the log. `before` is what they held (null: nothing yet).
 */
export const project = (
  trx: Kysely<Database>,
  before: ProjectedRows | null,
  after: ProgrammeState,
  updatedAt: string,
  vault: PersonalDataVault,
): Promise<ProjectedRows> => writeProgramme(trx, before, after, updatedAt, vault);
