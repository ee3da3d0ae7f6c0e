import type { Store, VerifyResult } from '@steerlog/store';
import { verify, verifySinceLastCheck } from '@steerlog/store';

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

  constructor(private readonly store: Store) {}

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
    const detail = { head, checkpoint, verify: verdict ?? 'pending', fullVerify: this.full };
    return { ready: this.atStart?.ok === true && !broken && checkpoint >= head, detail };
  }
}
