import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.js';
import type { Command } from './commands.js';
import { DomainError } from './errors.js';
import { applyEvent, evolve, needsRefold } from './evolve.js';
import { fold } from './fold.js';
import { initialState } from './state.js';
import { givenBaseline } from './testing/index.js';
import { day, history, op, pick } from './testing/ops.js';
import { toView } from './view.js';

const NOW = '2026-06-01T00:00:00.000Z';
const view = (events: Parameters<typeof fold>[0], cut: Parameters<typeof fold>[1] = {}) =>
  canonicalJson(toView(fold(events, cut), { asOf: NOW, knownAt: NOW }));

describe('fold properties', () => {
  it('is deterministic: the same events in any stored order fold to the same state', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), fc.integer(), (ops, seed) => {
        const { events } = history(ops);
        const shuffled = [...events].sort(
          (a, b) => ((a.position * 7919 + seed) % 101) - ((b.position * 7919 + seed) % 101),
        );
        expect(view(shuffled)).toBe(view(events));
      }),
      { numRuns: 150 },
    );
  });

  it('folding with a retraction equals folding without the retracted event', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), fc.nat(), (ops, which) => {
        const log = history(ops);
        const candidates = log.events.filter(
          (e) => e.type !== 'ProgrammeLaunched' && e.type !== 'EventRetracted' && !log.state().retracted.has(e.id),
        );
        if (candidates.length === 0) return;
        const target = pick(candidates, which);
        const before = log.events.filter((e) => e.id !== target.id);
        log.record({ type: 'RetractEvent', data: { eventId: target.id, reason: 'property' } });
        const { version: _v, position: _p, ...withRetraction } = toView(fold(log.events), { asOf: NOW, knownAt: NOW });
        const { version: _v2, position: _p2, ...without } = toView(fold(before), { asOf: NOW, knownAt: NOW });
        expect(canonicalJson(withRetraction)).toBe(canonicalJson(without));
      }),
      { numRuns: 150 },
    );
  });

  it('evolve accepts every sequence decide produces, and in-order evolve equals the fold', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const { events } = history(ops);
        let state = initialState();
        let refolds = 0;
        for (const e of events) {
          if (needsRefold(state, e)) {
            refolds++;
            state = fold(events.filter((x) => x.position <= e.position));
          } else state = evolve(state, e);
        }
        expect(canonicalJson(toView(state, { asOf: NOW, knownAt: NOW }))).toBe(view(events));
        return refolds >= 0;
      }),
      { numRuns: 150 },
    );
  });

  it('lands back-dated events in valid-time order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('red', 'amber', 'green'), day), { minLength: 1, maxLength: 12 }),
        (changes) => {
          const log = givenBaseline().at('2026-05-01T00:00:00.000Z');
          for (const [rag, on] of changes) {
            try {
              log.record({
                type: 'ChangeRag',
                data: { subject: { kind: 'programme' }, rag, reason: on },
                occurredAt: on,
              });
            } catch (e) {
              if (!(e instanceof DomainError)) throw e;
            }
          }
          const rags = log.events.filter((e) => e.type === 'RagChanged');
          const last = [...rags]
            .sort((a, b) =>
              a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.position - b.position,
            )
            .at(-1);
          expect(fold(log.events).rag?.current).toBe(last?.type === 'RagChanged' ? last.data.rag : undefined);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('time travel', () => {
  it('asOf leaves out what had not happened yet; knownAt leaves out what was not yet recorded', () => {
    const log = givenBaseline().at('2026-02-01T10:00:00.000Z');
    log.record({
      type: 'ChangeRag',
      data: { subject: { kind: 'programme' }, rag: 'amber', reason: 'slow start' },
      occurredAt: '2025-06-01',
    });
    log.at('2026-03-01T10:00:00.000Z');
    // Back-dated: decided in May 2025, entered in March 2026.
    log.record({
      type: 'ChangeRag',
      data: { subject: { kind: 'programme' }, rag: 'red', reason: 'funding gap' },
      occurredAt: '2025-05-01',
    });
    expect(fold(log.events).rag).toMatchObject({ current: 'amber', previous: 'red' });
    expect(fold(log.events, { asOf: '2025-05-15T00:00:00.000Z' }).rag).toMatchObject({
      current: 'red',
      previous: null,
    });
    expect(fold(log.events, { asOf: '2025-05-15T00:00:00.000Z', knownAt: '2026-02-15T00:00:00.000Z' }).rag).toBeNull();
    expect(fold(log.events, { atPosition: log.events.length - 1 }).rag).toMatchObject({
      current: 'amber',
      previous: null,
    });
  });

  it('works out milestone status and slip against asOf', () => {
    const log = givenBaseline();
    log.record({
      type: 'RescheduleMilestone',
      data: { milestoneId: 'tier-1-live', dueOn: '2025-06-30', reason: 'recruitment' },
    });
    const milestone = (asOf: string) =>
      toView(fold(log.events), { asOf, knownAt: asOf }).workstreams[0]!.milestones[0]!;
    expect(milestone('2025-06-01T00:00:00.000Z')).toMatchObject({
      status: 'open',
      slipDays: 61,
      originalDueOn: '2025-04-30',
    });
    expect(milestone('2025-07-01T00:00:00.000Z')).toMatchObject({ status: 'overdue' });
    log.record({ type: 'CompleteMilestone', data: { milestoneId: 'tier-1-live', completedOn: '2025-07-10' } });
    expect(
      toView(fold(log.events), { asOf: '2025-07-11T00:00:00.000Z', knownAt: NOW }).workstreams[0]!.milestones[0]!
        .status,
    ).toBe('done');
  });

  it('sums funding per financial year', () => {
    const log = givenBaseline();
    log.record({ type: 'AllocateFunding', data: { source: 'Fund', amountPence: 2_500_000, financialYear: '2026/27' } });
    log.record({
      type: 'RecordSpend',
      data: { allocationId: 'grant-2025', amountPence: 1_000, spentOn: '2025-05-01' },
    });
    expect(toView(fold(log.events), { asOf: NOW, knownAt: NOW }).funding).toMatchObject({
      allocatedPence: 7_500_000,
      spentPence: 1_000,
      byFinancialYear: [
        { financialYear: '2025/26', allocatedPence: 5_000_000, spentPence: 1_000 },
        { financialYear: '2026/27', allocatedPence: 2_500_000, spentPence: 0 },
      ],
    });
  });

  it('keeps every RAG change in valid-time order, with the rating before it, leaving out retracted ones', () => {
    const log = givenBaseline();
    const rag = (
      subject: Extract<Command, { type: 'ChangeRag' }>['data']['subject'],
      r: 'red' | 'amber' | 'green',
      on: string,
    ) => log.record({ type: 'ChangeRag', data: { subject, rag: r, reason: `to ${r}` }, occurredAt: on });
    rag({ kind: 'programme' }, 'amber', '2025-12-10');
    const [wrong] = rag({ kind: 'programme' }, 'red', '2025-12-20');
    // Back-dated: it lands first, and the amber after it now has green as its previous rating.
    rag({ kind: 'programme' }, 'green', '2025-12-05');
    log.record({ type: 'RetractEvent', data: { eventId: wrong!.id, reason: 'mistake' } });
    const history = fold(log.events).ragHistory.filter((h) => h.subject.kind === 'programme');
    expect(history.map((h) => [h.current, h.previous, h.changedOn])).toEqual([
      ['green', null, '2025-12-05'],
      ['amber', 'green', '2025-12-10'],
    ]);
    // Ratings of things the fold does not know are not history.
    expect(fold(log.events, { asOf: '2025-12-07T00:00:00.000Z' }).ragHistory.map((h) => h.current)).toEqual(['green']);
  });

  it('never throws on an event whose references are outside the cut', () => {
    const s = initialState();
    expect(() =>
      applyEvent(s, {
        id: 'x',
        position: 1,
        version: 1,
        occurredAt: NOW,
        recordedAt: NOW,
        type: 'MilestoneCompleted',
        data: { milestoneId: 'ghost', completedOn: '2025-01-01' },
      }),
    ).not.toThrow();
  });
});
