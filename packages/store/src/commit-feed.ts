import type { RecordedEvent } from '@steerlog/domain';
import type { Kysely } from 'kysely';
import { readEvent } from './codec.js';
import type { Database, EventRow } from './db/schema.js';
import { readAfter } from './log.js';
import type { PersonalDataVault } from './personal-data.js';

export type CommitListener = (events: readonly RecordedEvent[]) => void;

const PAGE = 1000;

/**
 * Tells listeners of committed events, strictly in position order and each once, whichever
 * process committed them. Events past a gap wait: the gap is another process's commit, which the
 * feed reads from the log before announcing anything after it.
 */
export class CommitFeed {
  private readonly listeners = new Set<CommitListener>();
  /** Last position announced. */
  private published = 0;
  private pulling: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly vault: PersonalDataVault,
  ) {}

  /** Starts (again) after `position`: what is at or before it counts as announced. */
  resetTo(position: number) {
    this.published = position;
  }

  subscribe(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Announces `events` (committed in this process) unless they are already announced or follow a gap. */
  publish(events: readonly RecordedEvent[]) {
    const next = events.filter((e) => e.position > this.published);
    if (next.length === 0) return;
    if (next[0]!.position !== this.published + 1) {
      this.pull();
      return;
    }
    this.published = next[next.length - 1]!.position;
    for (const listener of this.listeners) listener(next);
  }

  /** Reads and announces what was committed since the last event announced (inside a transaction, pass it). */
  async catchUp(db: Kysely<Database> = this.db) {
    for (;;) {
      const events = await readAfter(db, this.vault, this.published, PAGE);
      if (events.length === 0) return;
      const before = this.published;
      this.publish(events);
      if (this.published === before || events.length < PAGE) return;
    }
  }

  /**
   * Announces another process's commit from the rows its NOTIFY carried, without reading the
   * log; the keys are read first only when a name is sealed under one not known here yet.
   * In turn with `pull`, so announcements keep their order.
   */
  offer(rows: readonly EventRow[]) {
    this.pulling = this.pulling
      .then(async () => {
        if (
          !rows.every((r) => this.vault.hasKeyOf(r.programme_id, r.type, JSON.parse(r.data) as Record<string, unknown>))
        )
          await this.vault.load(this.db);
        this.publish(rows.map((r) => readEvent(r, this.vault)));
      })
      .catch(() => undefined);
  }

  /**
   * Runs `catchUp` once at a time. A failed read is dropped rather than thrown: the next commit,
   * here or elsewhere, reads again from the last position announced, so nothing is lost.
   */
  pull(reloadKeys = false) {
    this.pulling = this.pulling
      .then(async () => {
        // A key created by another instance must be known before its events are read.
        if (reloadKeys) await this.vault.load(this.db);
        await this.catchUp();
      })
      .catch(() => undefined);
  }
}
