import { accessSync, constants } from 'node:fs';
import { dirname } from 'node:path';
import type { Store, VerifyResult } from '@steerlog/store';
import { verify, verifySinceLastCheck } from '@steerlog/store';

/**
 * Why a failed query means the database cannot be written, or null: SQLite's SQLITE_READONLY
 * family (a read-only file, folder or mount) and PostgreSQL's read_only_sql_transaction (25006:
 * a standby, or default_transaction_read_only).
 */
export const readOnlyReason = (error: unknown): string | null => {
  for (let e = error; typeof e === 'object' && e !== null; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (code.startsWith('SQLITE_READONLY') || code === '25006'))
      return `the database refuses writes (${code})`;
  }
  return null;
};

/** Whether this process may write `file` and create its -wal and -shm beside it; null when it may. */
const cannotWrite = (file: string): string | null => {
  for (const path of [file, dirname(file)]) {
    try {
      accessSync(path, constants.W_OK);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      return `${path} is not writable`;
    }
  }
  return null;
};

/** The full check of the chain that runs in the background after start. */
export type BackgroundVerify =
  | { status: 'pending' | 'running' }
  | ({ status: 'done'; finishedAt: string } & VerifyResult)
  | { status: 'failed'; error: string };

/**
 * What `/readyz` answers. At start only what was appended since the last passing check is
 * verified (so a long log does not delay readiness); the whole chain is then walked in the
 * background, and a broken chain, found either way, keeps the server unready and says where.
 */
export class Health {
  private atStart: (VerifyResult & { from: number }) | null = null;
  private full: BackgroundVerify = { status: 'pending' };
  /** Set by a write the database refused as read-only; cleared by the next commit that succeeds. */
  private readOnly: string | null = null;

  /** `sqliteFile`: the database file, checked for write permission at every readiness probe. */
  constructor(
    private readonly store: Store,
    private readonly sqliteFile?: string,
  ) {
    store.subscribe(() => {
      this.readOnly = null;
    });
  }

  markReadOnly(reason: string) {
    this.readOnly = reason;
  }

  /**
   * The incremental check; resolves once it is done, then starts the full check in the
   * background. `onBroken` hears of a broken chain from either.
   */
  async verifyAtStart(onBroken: (result: VerifyResult & { ok: false }) => void) {
    this.atStart = await verifySinceLastCheck(this.store.kysely);
    if (!this.atStart.ok) onBroken(this.atStart);
    else void this.verifyInBackground(onBroken);
    return this.atStart;
  }

  private async verifyInBackground(onBroken: (result: VerifyResult & { ok: false }) => void) {
    this.full = { status: 'running' };
    try {
      const result = await verify(this.store.kysely, { background: true });
      this.full = { status: 'done', finishedAt: new Date().toISOString(), ...result };
      if (!result.ok) onBroken(result);
    } catch (error) {
      // The database went away under it (the server is closing): say so rather than crash.
      this.full = { status: 'failed', error: (error as Error).message };
    }
  }

  get backgroundVerify(): BackgroundVerify {
    return this.full;
  }

  async readiness(): Promise<{ ready: boolean; detail: Record<string, unknown> }> {
    const checkpoint = await this.store.checkpoint();
    const head = this.store.headPosition;
    const broken = this.full.status === 'done' && !this.full.ok;
    // The verdict so far: the full check's once it is done, else the check made at start.
    const verdict = this.full.status === 'done' && this.atStart?.ok ? this.full : this.atStart;
    const readOnly = this.readOnly ?? (this.sqliteFile ? cannotWrite(this.sqliteFile) : null);
    const detail = {
      head,
      checkpoint,
      verify: verdict ?? 'pending',
      fullVerify: this.full,
      ...(readOnly ? { reason: `read-only: ${readOnly}; writes are answered 503` } : {}),
    };
    return { ready: this.atStart?.ok === true && !broken && checkpoint >= head && !readOnly, detail };
  }
}
