import type { Command } from '@steerlog/domain';
import { baseline } from '@steerlog/domain/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { modelsAndFold, openTempStore } from './testing.js';

const P = 'touched';
const NOW = new Date('2026-03-01T12:00:00.000Z');
const options = { actor: 'becky', now: NOW };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('the read-model writer writes the things a command touched', () => {
  it('without walking the collections of a cached programme', async () => {
    const t = await openTempStore('steerlog-touched-');
    cleanups.push(t.dispose);
    for (const c of baseline()) await t.store.handle(P, c, options);
    const { state } = t.store.states.get(P)!;
    // Every collection of the cached state now refuses to be walked; looking keys up still works.
    const walked: string[] = [];
    for (const [name, value] of Object.entries(state))
      if (value instanceof Map && name !== 'eventTypes')
        Object.defineProperty(value, Symbol.iterator, {
          value: () => {
            walked.push(name);
            return Map.prototype.entries.call(value);
          },
        });
    const commands: Command[] = [
      { type: 'ChangeRag', data: { subject: { kind: 'partner', id: 'council' }, rag: 'red', reason: 'late' } },
      { type: 'AddPartner', data: { partnerId: 'police', name: 'Testshire Police', sector: 'police' } },
      { type: 'RaiseRisk', data: { riskId: 'staffing', title: 'Staffing', likelihood: 3, impact: 4 } },
    ];
    for (const c of commands) await t.store.handle(P, c, options);
    expect(t.store.states.get(P)!.state).toBe(state);
    expect(walked).toEqual([]);
    const { models, fold } = await modelsAndFold(t.store, P, NOW);
    expect(models).toBe(fold);
  });
});
