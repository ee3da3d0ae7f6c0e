import type { RecordedEvent } from '@steerlog/domain';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.js';
import { readProgramme } from './log.js';
import type { PersonalDataVault } from './personal-data.js';

/**
 * Recently read programmes' events, decoded, up to `limit` events in all: scrubbing through time
 * or reading a history refolds without re-reading the log, and only events newer than the cached
 * ones are read. The least recently read programme goes first.
 */
export class EventCache {
  private readonly programmes = new Map<string, RecordedEvent[]>();

  constructor(private readonly limit: number) {}

  /** All of a programme's events in position order, from the cache and the log. `keep: false` reads without caching. */
  async load(
    db: Kysely<Database>,
    vault: PersonalDataVault,
    programmeId: string,
    keep = true,
  ): Promise<RecordedEvent[]> {
    const cached = this.programmes.get(programmeId);
    const after = cached ? cached[cached.length - 1]!.version : 0;
    const fresh = await readProgramme(db, vault, programmeId, after);
    const events = fresh.length === 0 && cached ? cached : [...(cached ?? []), ...fresh];
    // Map iteration follows insertion, and a read re-inserts: the first entry is the least recently read.
    this.programmes.delete(programmeId);
    if (keep && events.length > 0 && events.length <= this.limit) {
      this.programmes.set(programmeId, events);
      this.evict();
    }
    return events;
  }

  private evict() {
    let total = 0;
    for (const list of this.programmes.values()) total += list.length;
    for (const [id, list] of this.programmes) {
      if (total <= this.limit) break;
      this.programmes.delete(id);
      total -= list.length;
    }
  }

  forget(programmeId?: string) {
    if (programmeId === undefined) this.programmes.clear();
    else this.programmes.delete(programmeId);
  }
}
