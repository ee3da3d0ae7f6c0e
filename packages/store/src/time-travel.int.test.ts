import type { Cut } from '@steerlog/domain';
import { canonicalJson, DomainError, endOf, fold, toView } from '@steerlog/domain';
import { baseline } from '@steerlog/domain/testing';
import { op, toCommand } from '@steerlog/domain/testing/ops';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StoreError } from './errors.js';
import { Queries } from './queries.js';
import { onPostgres, openTempStore } from './testing.js';

const P = 'travel';
const NOW = new Date('2026-05-01T00:00:00.000Z');
const day = fc
  .integer({ min: -3, max: 520 })
  .map((n) => new Date(Date.UTC(2025, 0, 10) + n * 86_400_000).toISOString().slice(0, 10));

describe('time travel through the store equals the fold of the log', () => {
  it('as of any date, with the timeline kept and extended as commands land (back-dating and retractions included)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { maxLength: 25 }),
        fc.array(day, { minLength: 1, maxLength: 4 }),
        async (ops, dates) => {
          const temp = await openTempStore('steerlog-travel-');
          try {
            const { store } = temp;
            // Snapshots every 3 events, so short random logs take some and lose some.
            const queries = new Queries(store.kysely, store, () => 3);
            for (const c of baseline()) await store.handle(P, c, { actor: 't', now: NOW });
            for (const [i, o] of ops.entries()) {
              const events = await store.loadEvents(P);
              const command = toCommand({ state: () => fold(events), events }, o);
              try {
                await store.handle(P, command, { actor: 't', now: NOW });
              } catch (e) {
                if (!(e instanceof DomainError || e instanceof StoreError)) throw e;
              }
              // Ask after every command, so the kept timeline is extended rather than built afresh.
              const asOf = dates[i % dates.length]!;
              const cut: Cut = { asOf: endOf(asOf), knownAt: NOW.toISOString() };
              const expected = toView(fold(await store.loadEvents(P), cut), { asOf: cut.asOf!, knownAt: cut.knownAt! });
              expect(canonicalJson(await queries.view(P, { asOf }, NOW))).toBe(canonicalJson(expected));
            }
          } finally {
            await temp.dispose();
          }
        },
      ),
      { numRuns: onPostgres ? 15 : 40 },
    );
  }, 180_000);
});
