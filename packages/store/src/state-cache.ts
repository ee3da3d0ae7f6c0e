import type { ProgrammeState } from '@steerlog/domain';
import type { ProjectedRows } from './projection.js';

/** A programme's current fold and the read-model rows written from it. */
export type CachedState = { state: ProgrammeState; rows: ProjectedRows | null };

/**
 * Each programme's current (all-defaults) fold, so a command never refolds from event 1. An
 * entry is this process's own: the command handler advances it in place, and whoever sees it go
 * wrong (a rollback, another process's commit) forgets it.
 */
export class StateCache {
  private readonly states = new Map<string, CachedState>();

  get(programmeId: string): CachedState | undefined {
    return this.states.get(programmeId);
  }

  set(programmeId: string, cached: CachedState) {
    this.states.set(programmeId, cached);
  }

  forget(programmeId?: string) {
    if (programmeId === undefined) this.states.clear();
    else this.states.delete(programmeId);
  }
}
