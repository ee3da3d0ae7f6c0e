import type { Store, VerifyResult } from '@steerlog/store';
import { verify } from '@steerlog/store';

/**
 * What `/readyz` answers: ready once the read models have caught up with the log and the
 * chain verified at start. A broken chain keeps the server unready and says where.
 */
export class Health {
  private verified: VerifyResult | null = null;

  constructor(private readonly store: Store) {}

  /** Verifies the chain (at start, in the background: a long log must not delay `/healthz`). */
  async verifyAtStart() {
    this.verified = await verify(this.store.kysely);
    return this.verified;
  }

  async readiness(): Promise<{ ready: boolean; detail: Record<string, unknown> }> {
    const checkpoint = await this.store.checkpoint();
    const head = this.store.headPosition;
    const detail = { head, checkpoint, verify: this.verified ?? 'pending' };
    return { ready: this.verified?.ok === true && checkpoint >= head, detail };
  }
}
