import type { Command } from '@steerlog/domain';
import { givenBaseline } from '@steerlog/domain/testing';
import { describe, expect, it } from 'vitest';
import { maturityOverTime, ragOverTime, timeOf, timeTicks } from './series.js';

const rag = (kind: 'partner' | 'workstream', id: string, value: 'red' | 'amber' | 'green', on: string): Command => ({
  type: 'ChangeRag',
  data: { subject: { kind, id }, rag: value, reason: `rated ${value}` },
  occurredAt: on,
});

describe('ragOverTime', () => {
  it('folds the log at each day a rating changed, back-dated entries in their place', () => {
    const log = givenBaseline().recordAll([
      rag('partner', 'council', 'red', '2025-03-01'),
      rag('partner', 'council', 'green', '2025-06-01'),
      // Entered last, decided in between.
      rag('partner', 'council', 'amber', '2025-04-15'),
    ]);
    const { partners } = ragOverTime(log.events);
    expect(partners.find((s) => s.key === 'council')?.points).toEqual([
      { date: '2025-03-01', value: 1 },
      { date: '2025-04-15', value: 2 },
      { date: '2025-06-01', value: 3 },
    ]);
  });

  it('leaves a retracted rating out, as the server fold does', () => {
    const log = givenBaseline().recordAll([rag('partner', 'council', 'red', '2025-03-01')]);
    const mistaken = log.events.at(-1)!;
    log.recordAll([{ type: 'RetractEvent', data: { eventId: mistaken.id, reason: 'Wrong partner' } }]);
    expect(ragOverTime(log.events).partners.find((s) => s.key === 'council')?.points).toEqual([
      { date: '2025-03-01', value: null },
    ]);
  });
});

describe('maturityOverTime', () => {
  it('averages the organisations that assessed a domain by each date', () => {
    const assess = (
      partnerId: string,
      level: 'not-present' | 'emerging' | 'consistently-present',
      on: string,
    ): Command => ({
      type: 'AssessMaturity',
      data: { partnerId, domain: 'strategic-support', level },
      occurredAt: on,
    });
    const log = givenBaseline().recordAll([
      assess('council', 'not-present', '2025-01-10'),
      assess('nhs-trust', 'consistently-present', '2025-02-10'),
      assess('council', 'emerging', '2025-03-10'),
    ]);
    expect(maturityOverTime(log.events)).toEqual([
      {
        key: 'strategic-support',
        label: 'strategic support',
        points: [
          { date: '2025-01-10', value: 0 },
          { date: '2025-02-10', value: 1 },
          { date: '2025-03-10', value: 1.5 },
        ],
      },
    ]);
  });
});

describe('the time axis', () => {
  it('spaces dates by time and ticks each new year', () => {
    expect(timeOf('2022-01-01') - timeOf('2021-01-01')).toBe(365 * 86_400_000);
    expect(
      timeTicks(timeOf('2021-03-01'), timeOf('2024-02-01')).map((t) => new Date(t).toISOString().slice(0, 10)),
    ).toEqual(['2022-01-01', '2023-01-01', '2024-01-01']);
  });

  it('ticks quarters over a short span', () => {
    expect(
      timeTicks(timeOf('2024-02-10'), timeOf('2024-11-30')).map((t) => new Date(t).toISOString().slice(0, 10)),
    ).toEqual(['2024-04-01', '2024-07-01', '2024-10-01']);
  });
});
