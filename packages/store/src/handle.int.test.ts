import type { Command, RecordedEvent } from '@steerlog/domain';
import { DomainError } from '@steerlog/domain';
import { baseline } from '@steerlog/domain/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { verify } from './audit.js';
import { StoreError } from './errors.js';
import type { Store } from './store.js';
import { dumpReadModels, modelsAndFold, openTempStore } from './testing.js';

const P = 'handle';
const NOW = new Date('2026-03-01T12:00:00.000Z');

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
/** A temp store holding the baseline programme. */
const given = async () => {
  const t = await openTempStore('steerlog-handle-');
  cleanups.push(t.dispose);
  for (const c of baseline()) await t.store.handle(P, c, { actor: 'becky', now: NOW });
  return t;
};

const raiseRisk = (riskId: string, extra: Partial<Command> = {}): Command =>
  ({ type: 'RaiseRisk', data: { riskId, title: `Risk ${riskId}`, likelihood: 3, impact: 3 }, ...extra }) as Command;

/** Everything a command could have written: the log, the keys, the idempotency records and the read models. */
const snapshot = async (store: Store) => ({
  events: await store.kysely.selectFrom('events').selectAll().orderBy('position').execute(),
  keys: await store.kysely.selectFrom('personal_keys').selectAll().orderBy('subject').execute(),
  idempotency: await store.kysely.selectFrom('idempotency').selectAll().orderBy('key').execute(),
  checkpoint: await store.checkpoint(),
  readModels: await dumpReadModels(store),
});

const failure = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('the command was accepted');
};

describe('idempotency keys', () => {
  it('return the first result for the same command and append nothing', async () => {
    const { store } = await given();
    const heard: RecordedEvent[] = [];
    store.subscribe((events) => heard.push(...events));
    const options = { actor: 'becky', now: NOW, idempotencyKey: 'key-1', idempotencyScope: 'token-a' };
    const first = await store.handle(P, raiseRisk('staffing'), options);
    const before = await snapshot(store);
    const again = await store.handle(P, raiseRisk('staffing'), {
      ...options,
      now: new Date('2026-03-02T00:00:00.000Z'),
    });
    expect(again).toEqual(first);
    expect(await snapshot(store)).toEqual(before);
    expect(heard.map((e) => e.position)).toEqual([first.position]);
  });

  it('refuse the same key with another command, and keep keys of different clients apart', async () => {
    const { store } = await given();
    const options = { actor: 'becky', now: NOW, idempotencyKey: 'key-1', idempotencyScope: 'token-a' };
    await store.handle(P, raiseRisk('staffing'), options);
    const before = await snapshot(store);
    for (const other of [raiseRisk('budget'), raiseRisk('staffing', { occurredAt: '2026-01-01' })]) {
      const error = await failure(store.handle(P, other, options));
      expect(error).toBeInstanceOf(StoreError);
      expect(error).toMatchObject({ code: 'idempotency_key_reused' });
    }
    // The same command to another programme is another request too.
    await store.handle('other', { type: 'LaunchProgramme', data: { name: 'Other' } }, { actor: 'becky', now: NOW });
    expect(await failure(store.handle('other', raiseRisk('staffing'), options))).toMatchObject({
      code: 'idempotency_key_reused',
    });
    const afterRefusals = await snapshot(store);
    expect(afterRefusals.events).toHaveLength(before.events.length + 1);
    // Another client may use the same key for its own command.
    const theirs = await store.handle(P, raiseRisk('budget'), { ...options, idempotencyScope: 'token-b' });
    expect(theirs.position).toBe(afterRefusals.events.length + 1);
  });
});

describe('expectedVersion', () => {
  it('appends when it is the current version, and refuses a stale one with version_conflict, appending nothing', async () => {
    const { store } = await given();
    const version = baseline().length;
    const ok = await store.handle(P, raiseRisk('a', { expectedVersion: version }), { actor: 'becky', now: NOW });
    expect(ok.version).toBe(version + 1);
    const before = await snapshot(store);
    for (const stale of [version, 0, version + 5]) {
      const error = await failure(
        store.handle(P, raiseRisk('b', { expectedVersion: stale }), { actor: 'becky', now: NOW }),
      );
      expect(error).toBeInstanceOf(StoreError);
      expect(error).toMatchObject({ code: 'version_conflict' });
    }
    expect(await snapshot(store)).toEqual(before);
    // The store still decides on the right state afterwards.
    expect(
      (await store.handle(P, raiseRisk('b', { expectedVersion: version + 1 }), { actor: 'becky', now: NOW })).version,
    ).toBe(version + 2);
  });
});

describe('a refused command', () => {
  it('appends nothing and changes no read-model row, key or checkpoint', async () => {
    const { store, queries } = await given();
    await store.handle(
      P,
      { type: 'CompleteMilestone', data: { milestoneId: 'tier-1-live', completedOn: '2025-04-20' } },
      { actor: 'becky', now: NOW },
    );
    const heard: RecordedEvent[] = [];
    store.subscribe((events) => heard.push(...events));
    const before = await snapshot(store);
    const refused: Command[] = [
      { type: 'ChangeRag', data: { subject: { kind: 'workstream', id: 'nope' }, rag: 'red', reason: 'r' } },
      { type: 'CompleteMilestone', data: { milestoneId: 'tier-1-live', completedOn: '2025-04-21' } },
      { type: 'RecordSpend', data: { allocationId: 'grant-2025', amountPence: 5_000_001, spentOn: '2025-05-01' } },
      // A name for a champion of an unknown partner: refused before any key is made.
      { type: 'AppointChampion', data: { championId: 'c', partnerId: 'nope', name: 'Nobody' } },
      { type: 'AddPartner', data: { partnerId: 'council', name: 'Again', sector: 'nhs', lead: 'Dup Lead' } },
      { type: 'RaiseRisk', data: { title: 'Future', likelihood: 1, impact: 1 }, occurredAt: '2027-01-01' },
      { type: 'LaunchProgramme', data: { name: 'Again' } },
    ];
    for (const command of refused) {
      const error = await failure(
        store.handle(P, command, { actor: 'becky', now: NOW, idempotencyKey: `k-${command.type}` }),
      );
      expect(error, command.type).toBeInstanceOf(DomainError);
    }
    expect(await failure(store.handle('missing', raiseRisk('x'), { actor: 'becky', now: NOW }))).toMatchObject({
      code: 'programme_not_found',
    });
    expect(await snapshot(store)).toEqual(before);
    expect(heard).toEqual([]);
    const { models, fold } = await modelsAndFold(store, P, NOW);
    expect(models).toBe(fold);
    // And the next command is decided and written as if nothing had happened.
    const next = await store.handle(P, raiseRisk('after'), { actor: 'becky', now: NOW });
    expect(next.position).toBe(before.events.length + 1);
    expect((await queries.currentView(P, NOW)).risks.map((r) => r.riskId)).toEqual(['after']);
  });
});

describe('subscribe', () => {
  it('tells listeners of every committed event once, in position order, including concurrent commands', async () => {
    const { store } = await given();
    const heard: RecordedEvent[] = [];
    const batches: number[][] = [];
    const stop = store.subscribe((events) => {
      heard.push(...events);
      batches.push(events.map((e) => e.position));
    });
    const base = store.headPosition;
    const unknown: Command = {
      type: 'ChangeRag',
      data: { subject: { kind: 'workstream', id: 'nope' }, rag: 'red', reason: 'r' },
    };
    // Fired together: the store takes them one at a time. Every fifth is refused; two programmes interleave.
    const commands = Array.from({ length: 30 }, (_, i) =>
      store.handle(
        i % 2 === 0 ? P : 'second',
        i === 1
          ? { type: 'LaunchProgramme', data: { name: 'Second' } }
          : i % 5 === 4
            ? unknown
            : raiseRisk(`risk-${i}`),
        { actor: 'becky', now: NOW },
      ),
    );
    const results = await Promise.allSettled(commands);
    const accepted = results.filter((r) => r.status === 'fulfilled').length;
    expect(accepted).toBe(24);
    expect(heard.map((e) => e.position)).toEqual(Array.from({ length: accepted }, (_, i) => base + i + 1));
    expect(new Set(heard.map((e) => e.id)).size).toBe(accepted);
    // Each listener call is one command's commit.
    expect(batches.every((b) => b.length === 1)).toBe(true);
    const stored = await store.kysely
      .selectFrom('events')
      .select(['position', 'id'])
      .where('position', '>', base)
      .orderBy('position')
      .execute();
    expect(heard.map((e) => [e.position, e.id])).toEqual(stored.map((r) => [Number(r.position), r.id]));
    stop();
    await store.handle(P, raiseRisk('unheard'), { actor: 'becky', now: NOW });
    expect(heard).toHaveLength(accepted);
    expect(await verify(store.kysely)).toMatchObject({ ok: true });
  });
});

describe('meetings', () => {
  it('stamp meta.meetingId on every event recorded while one is open, and only then', async () => {
    const { store } = await given();
    const run = (c: Command) => store.handle(P, c, { actor: 'becky', now: NOW });
    const outside = await run(raiseRisk('before'));
    const opened = await run({
      type: 'OpenMeeting',
      data: { meetingId: 'board-1', title: 'Board', attendees: ['council'] },
    });
    const inside = [
      await run({ type: 'RecordDecision', data: { decisionId: 'd-1', summary: 'Go' } }),
      await run({ type: 'ChangeRag', data: { subject: { kind: 'programme' }, rag: 'green', reason: 'good' } }),
      await run({ type: 'AppointChampion', data: { championId: 'c-1', partnerId: 'council', name: 'Cat Lee' } }),
      // Back-dated, yet recorded during the meeting.
      await run({
        type: 'RecordTraining',
        data: { level: 1, audience: 'all', sessions: 1, attendees: 9, deliveredOn: '2025-02-01' },
        occurredAt: '2025-02-01',
      }),
    ];
    const closed = await run({ type: 'CloseMeeting', data: { meetingId: 'board-1' } });
    const after = [
      await run(raiseRisk('after')),
      await run({ type: 'RecordDecision', data: { decisionId: 'd-2', summary: 'Later' } }),
    ];
    const meetingOf = (r: { events: RecordedEvent[] }) => r.events[0]!.meta.meetingId;
    expect([opened, ...inside, closed].map(meetingOf)).toEqual(Array(6).fill('board-1'));
    expect([outside, ...after].map(meetingOf)).toEqual([undefined, undefined, undefined]);
    const stored = await store.loadEvents(P);
    expect(stored.filter((e) => e.meta.meetingId === 'board-1').map((e) => e.position)).toEqual(
      [opened, ...inside, closed].map((r) => r.position),
    );
    // A decision without a meetingId takes the open meeting's; after it closes, none.
    const decisions = stored.flatMap((e) =>
      e.type === 'DecisionRecorded' ? [[e.data.decisionId, e.data.meetingId]] : [],
    );
    expect(decisions).toEqual([
      ['d-1', 'board-1'],
      ['d-2', null],
    ]);
  });
});
