import type { Command } from '@steerlog/domain';
import type * as domainModule from '@steerlog/domain';
import { record } from '@steerlog/domain';
import { baseline } from '@steerlog/domain/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { verify } from './audit.js';
import { openPostgres } from './db/connect.js';
import { Store } from './store.js';
import { modelsAndFold, onPostgres, openTempStore } from './testing.js';

// The domain's decision, counted: a batch decided again calls it again for each of its commands.
vi.mock('@steerlog/domain', async (original) => {
  const domain = await original<typeof domainModule>();
  return { ...domain, record: vi.fn(domain.record) };
});
/** How many times the domain decided any of `commands` (the objects themselves, whichever store decided). */
const decisionsOf = (commands: readonly Command[]) =>
  vi.mocked(record).mock.calls.filter(([, command]) => commands.includes(command)).length;

const P = 'round-trips';
const NOW = new Date('2026-03-01T12:00:00.000Z');

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const raiseRisk = (riskId: string): Command => ({
  type: 'RaiseRisk',
  data: { riskId, title: `Risk ${riskId}`, likelihood: 3, impact: 3 },
});

const given = async () => {
  const t = await openTempStore('steerlog-round-trips-');
  cleanups.push(t.dispose);
  for (const c of baseline()) await t.store.handle(P, c, { actor: 'becky', now: NOW });
  return { ...t, traffic: () => t.store.db.traffic!() };
};

describe.skipIf(!onPostgres)('round trips to PostgreSQL per command', () => {
  it('are one for a command alone in its transaction: begin, the lock, the head check, the writes and the commit', async () => {
    const { store, traffic } = await given();
    const before = traffic();
    for (let i = 0; i < 20; i++) await store.handle(P, raiseRisk(`r${i}`), { actor: 'becky', now: NOW });
    const after = traffic();
    expect(after.roundTrips - before.roundTrips).toBe(20);
    // One statement per round trip is what the same writes cost before they were sent together.
    expect((after.statements - before.statements) / 20).toBeGreaterThanOrEqual(6);
    expect((await verify(store.kysely)).ok).toBe(true);
    const { models, fold } = await modelsAndFold(store, P, NOW);
    expect(models).toBe(fold);
  });

  it('are one per transaction for commands that arrive together, a refusal among them appending nothing', async () => {
    const { store, traffic } = await given();
    const before = traffic();
    const outcomes = await Promise.allSettled(
      // r5 twice: the second is refused (duplicate_id) and rolls back only itself.
      [...Array.from({ length: 30 }, (_, i) => raiseRisk(`r${i}`)), raiseRisk('r5')].map((c) =>
        store.handle(P, c, { actor: 'becky', now: NOW }),
      ),
    );
    const after = traffic();
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(30);
    expect(outcomes[30]!.status).toBe('rejected');
    // At most two transactions: the first command may go alone, the rest share the next.
    expect(after.roundTrips - before.roundTrips).toBeLessThanOrEqual(2);
    const versions = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.version] : [])).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 30 }, (_, i) => versions[0]! + i));
    expect((await verify(store.kysely)).ok).toBe(true);
    const { models, fold } = await modelsAndFold(store, P, NOW);
    expect(models).toBe(fold);
  });

  it('stay one when another instance committed in between: its events come in its NOTIFY', async () => {
    const { store, traffic, databaseUrl } = await given();
    const other = await Store.open(openPostgres(databaseUrl!));
    cleanups.unshift(() => other.close());
    const heard = listen(store);
    for (let i = 0; i < 5; i++) {
      // A partner with a named lead: its key is created by the other instance.
      const theirs = await other.handle(
        P,
        { type: 'AddPartner', data: { partnerId: `p${i}`, name: `Partner ${i}`, sector: 'nhs', lead: `Lead ${i}` } },
        { actor: 'becky', now: NOW },
      );
      // The other instance's NOTIFY carries its events: this one announces them (reading only the
      // new key, outside any write) and takes them into its caches without reading the log.
      await heard.reach(theirs.position);
      expect(heard.positions.at(-1)).toBe(theirs.position);
      const before = traffic();
      const ours = await store.handle(P, raiseRisk(`r${i}`), { actor: 'becky', now: NOW });
      expect(traffic().roundTrips - before.roundTrips).toBe(1);
      expect(ours.version).toBe(theirs.version + 1);
      expect(heard.positions.slice(-2)).toEqual([theirs.position, ours.position]);
    }
    expect((await verify(store.kysely)).ok).toBe(true);
    const { models, fold } = await modelsAndFold(store, P, NOW);
    expect(models).toBe(fold);
    expect(models).toContain('Lead 4');
  });
});

/**
 * Counts the transactions of `store` whose head check failed (another instance appended first)
 * and so were decided again; with `commit`, has another instance run it after each of `store`'s
 * next `times` transactions was decided against the head it caught up to (and before it took
 * the lock), so the head moves under each. `at: 'decided'` has it commit once the transaction's
 * jobs have run instead, just before the commit message takes the lock.
 */
const raceHead = (
  store: Store,
  times = 0,
  commit: () => Promise<unknown> = async () => {},
  at: 'begin' | 'decided' = 'begin',
) => {
  const count = { moved: 0, locked: 0 };
  let resumed = false;
  const write = store.db.write;
  store.db.write = (fn, afterCommit, options = {}) => {
    // Holding the lock from its first message, a transaction cannot be raced.
    resumed = !options.optimistic;
    if (!options.optimistic) count.locked++;
    const { onHeadMoved } = options;
    const race: typeof fn =
      at === 'decided'
        ? async (trx) => {
            const result = await fn(trx);
            if (!resumed && left-- > 0) await commit();
            return result;
          }
        : fn;
    return write(race, afterCommit, {
      ...options,
      ...(onHeadMoved && {
        onHeadMoved: (error) => {
          count.moved++;
          resumed = true;
          return onHeadMoved(error);
        },
      }),
    });
  };
  const expectHead = store.db.expectHead!;
  let left = times;
  store.db.expectHead = async (trx, head) => {
    await expectHead(trx, head);
    // Holding the lock, the transaction would wait for the other instance forever, and it for it.
    if (at === 'begin' && !resumed && left-- > 0) await commit();
  };
  return count;
};

/** The positions `store` announced to its listeners; `reach` waits (up to 2 s) for one of them. */
const listen = (store: Store) => {
  const heard: number[] = [];
  store.subscribe((events) => heard.push(...events.map((e) => e.position)));
  return {
    positions: heard,
    reach: async (position: number) => {
      for (let t = 0; t < 100 && !heard.includes(position); t++) await new Promise((r) => setTimeout(r, 20));
      expect(heard).toContain(position);
    },
  };
};

/** The log read back: every position once, in order, and each programme's versions 1..n. */
const logOf = async (store: Store) => {
  const rows = await store.kysely
    .selectFrom('events')
    .select(['position', 'programme_id', 'version', 'id'])
    .orderBy('position')
    .execute();
  const versions = new Map<string, number[]>();
  for (const r of rows) versions.set(r.programme_id, [...(versions.get(r.programme_id) ?? []), Number(r.version)]);
  return { positions: rows.map((r) => Number(r.position)), ids: rows.map((r) => r.id), versions };
};

describe.skipIf(!onPostgres)('two stores racing on one database', () => {
  const twoStores = async () => {
    const { store, databaseUrl } = await given();
    const other = await Store.open(openPostgres(databaseUrl!));
    cleanups.unshift(() => other.close());
    return { store, other };
  };

  it('decides a batch again when the head moved under it: refusals, replays and versions follow the new head', async () => {
    const { store, other } = await twoStores();
    const ragRed: Command = { type: 'ChangeRag', data: { subject: { kind: 'programme' }, rag: 'red', reason: 'Late' } };
    const key = { actor: 'becky', now: NOW, idempotencyKey: 'k1', idempotencyScope: 'token-1' };
    let theirs: Awaited<ReturnType<Store['handle']>>[] = [];
    const moved = raceHead(store, 1, async () => {
      // The other instance records the same RAG change and the same keyed command first.
      theirs = await Promise.all([
        other.handle(P, ragRed, { actor: 'becky', now: NOW }),
        other.handle(P, raiseRisk('keyed'), key),
      ]);
    });
    const outcomes = await Promise.allSettled([
      store.handle(P, ragRed, { actor: 'becky', now: NOW }),
      store.handle(P, raiseRisk('keyed'), key),
      store.handle(P, raiseRisk('ours'), { actor: 'becky', now: NOW }),
    ]);
    expect(moved.moved).toBe(1);
    // Decided first against a programme that was not red; decided again, it is red already.
    expect(outcomes[0]).toMatchObject({ status: 'rejected', reason: { code: 'rag_unchanged' } });
    // The key the other instance recorded answers with its result, appending nothing.
    const keyed = theirs[1]!;
    expect(outcomes[1]).toMatchObject({
      status: 'fulfilled',
      value: { position: keyed.position, version: keyed.version },
    });
    const ours = outcomes[2].status === 'fulfilled' ? outcomes[2].value : null;
    expect(ours?.version).toBe(Math.max(...theirs.map((t) => t.version)) + 1);
    expect(ours?.position).toBe(Math.max(...theirs.map((t) => t.position)) + 1);
    const log = await logOf(store);
    expect(log.positions).toEqual(log.positions.map((_, i) => i + 1));
    expect(log.versions.get(P)).toEqual(log.versions.get(P)!.map((_, i) => i + 1));
    expect((await verify(store.kysely)).ok).toBe(true);
    for (const s of [store, other]) {
      const { models, fold } = await modelsAndFold(s, P, NOW);
      expect(models).toBe(fold);
    }
  });

  it('writes the rows of a batch again when what moved the head was another programme', async () => {
    const { store, other } = await twoStores();
    const heard = listen(store);
    let last = 0;
    for (const c of baseline()) last = (await other.handle('elsewhere', c, { actor: 'becky', now: NOW })).position;
    // Once this store has heard of the other instance, it keeps the states it starts each batch
    // from. Had it written before the NOTIFY came, its head check would fail and the next
    // transactions would take the lock first, leaving nothing to race.
    await heard.reach(last);
    await store.handle(P, raiseRisk('heard'), { actor: 'becky', now: NOW });
    const moved = raceHead(store, 1, () =>
      other.handle('elsewhere', raiseRisk('theirs'), { actor: 'becky', now: NOW }),
    );
    await store.handle(
      P,
      { type: 'AddPartner', data: { partnerId: 'late', name: 'Late Partner', sector: 'nhs' } },
      { actor: 'becky', now: NOW },
    );
    expect(moved.moved).toBe(1);
    // The first attempt's rows were never committed: the second must write them, not count them as written.
    for (const s of [store, other]) {
      const { models, fold } = await modelsAndFold(s, P, NOW);
      expect(models).toBe(fold);
      expect(models).toContain('Late Partner');
    }
  });

  /** `store` has heard of `other` (so it keeps what each batch starts from) and written after it. */
  const warmed = async () => {
    const { store, other } = await twoStores();
    const heard = listen(store);
    let last = 0;
    for (const c of baseline()) last = (await other.handle('elsewhere', c, { actor: 'becky', now: NOW })).position;
    await heard.reach(last);
    await store.handle(P, raiseRisk('warm'), { actor: 'becky', now: NOW });
    return { store, other };
  };

  it('keeps the decisions of a batch whose head only other programmes moved, and writes them at the new head', async () => {
    const { store, other } = await warmed();
    let theirs: Awaited<ReturnType<Store['handle']>> | undefined;
    const moved = raceHead(store, 1, async () => {
      // A named lead: the other instance creates a personal-data key in the same moving commit.
      theirs = await other.handle(
        'elsewhere',
        { type: 'AddPartner', data: { partnerId: 'theirs', name: 'Their Partner', sector: 'nhs', lead: 'Their Lead' } },
        { actor: 'becky', now: NOW },
      );
    });
    const keyed = { actor: 'becky', now: NOW, idempotencyKey: 'kept-key', idempotencyScope: 'token-1' };
    // The keyed command first: its read of the idempotency table then goes without the lock, as
    // the others need no read, so every command is decided in the first pass.
    const commands: Command[] = [
      raiseRisk('b'),
      raiseRisk('a'),
      { type: 'AddPartner', data: { partnerId: 'ours', name: 'Our Partner', sector: 'nhs', lead: 'Our Lead' } },
      raiseRisk('warm'),
    ];
    const outcomes = await Promise.allSettled(
      commands.map((c, i) => store.handle(P, c, i === 0 ? keyed : { actor: 'becky', now: NOW })),
    );
    expect(moved).toEqual({ moved: 1, locked: 0 });
    // Decided once: the second pass, under the lock, only wrote the decisions again.
    expect(decisionsOf(commands)).toBe(4);
    expect(outcomes[3]).toMatchObject({ status: 'rejected', reason: { code: 'duplicate_id' } });
    const done = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    expect(done.map((d) => d.position)).toEqual([1, 2, 3].map((i) => theirs!.position + i));
    const warm = (await logOf(store)).versions.get(P)!.length - 3;
    expect(done.map((d) => d.version)).toEqual([1, 2, 3].map((i) => warm + i));
    const log = await logOf(store);
    expect(log.positions).toEqual(log.positions.map((_, i) => i + 1));
    for (const v of log.versions.values()) expect(v).toEqual(v.map((_, i) => i + 1));
    for (const d of done) expect(log.ids[d.position - 1]).toBe(d.events[0]!.id);
    expect((await verify(store.kysely)).ok).toBe(true);
    // The idempotency row names the positions written, not the first pass's.
    const replayed = await other.handle(P, raiseRisk('b'), keyed);
    expect(replayed).toMatchObject({ position: done[0]!.position, version: done[0]!.version });
    for (const s of [store, other])
      for (const programme of [P, 'elsewhere']) {
        const { models, fold } = await modelsAndFold(s, programme, NOW);
        expect(models).toBe(fold);
      }
    const { models } = await modelsAndFold(other, P, NOW);
    expect(models).toContain('Our Lead');
  });

  it('decides a batch again when what moved the head was one of its own programmes', async () => {
    const { store, other } = await warmed();
    const moved = raceHead(store, 1, () =>
      Promise.all([
        other.handle('elsewhere', raiseRisk('theirs'), { actor: 'becky', now: NOW }),
        other.handle(P, raiseRisk('theirs'), { actor: 'becky', now: NOW }),
      ]),
    );
    const commands = [raiseRisk('theirs'), raiseRisk('ours')];
    const outcomes = await Promise.allSettled([
      store.handle(P, commands[0]!, { actor: 'becky', now: NOW }),
      store.handle('elsewhere', commands[1]!, { actor: 'becky', now: NOW }),
    ]);
    // Decided again in the transaction that found the head moved, under the lock it waited for:
    // not written as first decided, failing at the commit, and then run again alone.
    expect(moved).toEqual({ moved: 1, locked: 0 });
    // The command on the programme that moved was decided twice (the other one may have been
    // decided only under the lock: its first read met the moved head).
    expect(decisionsOf([commands[0]!])).toBe(2);
    // Decided again against the new head: the risk the other instance raised meanwhile is there.
    expect(outcomes[0]).toMatchObject({ status: 'rejected', reason: { code: 'duplicate_id' } });
    expect(outcomes[1].status).toBe('fulfilled');
    const log = await logOf(store);
    expect(log.positions).toEqual(log.positions.map((_, i) => i + 1));
    expect((await verify(store.kysely)).ok).toBe(true);
    for (const s of [store, other]) {
      const { models, fold } = await modelsAndFold(s, P, NOW);
      expect(models).toBe(fold);
    }
  });

  it('decides a keyed command again when another instance recorded its key, for another programme, while it waited', async () => {
    const { store, other } = await warmed();
    const key = { actor: 'becky', now: NOW, idempotencyKey: 'shared-key', idempotencyScope: 'token-1' };
    // After the decision, which then did not find the key, and before the lock.
    const moved = raceHead(store, 1, () => other.handle('elsewhere', raiseRisk('keyed'), key), 'decided');
    const ours = raiseRisk('keyed');
    const outcome = await store.handle(P, ours, key).then(
      () => null,
      (e: unknown) => e,
    );
    expect(moved.moved).toBe(1);
    // Decided once, against the head it knew; under the lock, the key is found before any decision.
    expect(decisionsOf([ours])).toBe(1);
    // The key is the sender's, whichever programme: used for another request, it is refused, as
    // it is when the other instance's record came first.
    expect(outcome).toMatchObject({ code: 'idempotency_key_reused' });
    const log = await logOf(store);
    expect(log.positions).toEqual(log.positions.map((_, i) => i + 1));
    expect((await verify(store.kysely)).ok).toBe(true);
    const { models, fold } = await modelsAndFold(store, P, NOW);
    expect(models).toBe(fold);
  });

  it('decides a batch again at most once (the failed head check keeps the lock it waited for), then takes the lock first for a while', async () => {
    const { store, other } = await twoStores();
    const traffic = () => store.db.traffic!().roundTrips;
    // Once this store has heard of the other, it keeps what each batch starts from.
    const heard = listen(store);
    const first = await other.handle(P, raiseRisk('theirs'), { actor: 'becky', now: NOW });
    await heard.reach(first.position);
    await store.handle(P, raiseRisk('warm'), { actor: 'becky', now: NOW });
    let n = 0;
    const moved = raceHead(store, 1, () => other.handle(P, raiseRisk(`theirs-${n++}`), { actor: 'becky', now: NOW }));
    const before = traffic();
    const ours = await store.handle(P, raiseRisk('ours'), { actor: 'becky', now: NOW });
    // The head moved under the first pass; the second, holding the lock, could not be overtaken.
    expect(moved.moved).toBe(1);
    expect(n).toBe(1);
    // The failed commit, the message undoing its check and reading what moved the head, and the
    // commit: the programme's state was put back as the batch found it, so nothing else is read.
    expect(traffic() - before).toBe(3);
    expect((await logOf(store)).positions.at(-1)).toBe(ours.position);
    // Contended, the next transactions take the lock up front (two round trips, decided once),
    // and then go back to deciding without it.
    for (let i = 0; i < 9; i++) {
      const start = traffic();
      await store.handle(P, raiseRisk(`next-${i}`), { actor: 'becky', now: NOW });
      expect(traffic() - start).toBe(i < 8 ? 2 : 1);
    }
    expect(moved).toEqual({ moved: 1, locked: 8 });
    expect((await verify(store.kysely)).ok).toBe(true);
    const { models, fold } = await modelsAndFold(store, P, NOW);
    expect(models).toBe(fold);
  });

  it('loses, repeats and reorders nothing when both write at once', async () => {
    const { store, other } = await twoStores();
    const heard: number[] = [];
    store.subscribe((events) => heard.push(...events.map((e) => e.position)));
    const moved = [raceHead(store), raceHead(other)];
    const fire = (s: Store, who: string, round: number) =>
      Array.from({ length: 40 }, (_, i) =>
        // Every tenth risk is raised by both: exactly one of the two may record it.
        s.handle(P, raiseRisk(i % 10 === 0 ? `both-${round}-${i}` : `${who}-${round}-${i}`), { actor: who, now: NOW }),
      );
    const rounds = [];
    for (let round = 0; round < 3; round++)
      rounds.push(...(await Promise.allSettled([...fire(store, 'a', round), ...fire(other, 'b', round)])));
    const done = rounds.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    const refused = rounds.flatMap((o) => (o.status === 'rejected' ? [o.reason as { code?: string }] : []));
    // 3 rounds x 4 shared risks are refused once each, with the rule's code.
    expect(refused.map((e) => e.code)).toEqual(Array(12).fill('duplicate_id'));
    expect(done).toHaveLength(3 * 80 - 12);
    const log = await logOf(store);
    const baselineEvents = log.positions.length - done.length;
    expect(log.positions).toEqual(log.positions.map((_, i) => i + 1));
    expect(log.versions.get(P)).toEqual(log.versions.get(P)!.map((_, i) => i + 1));
    // Each answer names its own event, and no event is answered twice.
    expect(new Set(done.map((d) => d.events[0]!.id)).size).toBe(done.length);
    for (const d of done) expect(log.ids[d.position - 1]).toBe(d.events[0]!.id);
    expect((await verify(store.kysely)).ok).toBe(true);
    // This store's listeners heard every event after the baseline, in order, once.
    for (let t = 0; t < 100 && heard.length < done.length; t++) await new Promise((r) => setTimeout(r, 20));
    expect(heard).toEqual(log.positions.slice(baselineEvents));
    for (const s of [store, other]) {
      const { models, fold } = await modelsAndFold(s, P, NOW);
      expect(models).toBe(fold);
    }
    // Reported, not asserted: how often the race forced a batch to be decided again.
    console.info(`head moved under ${moved[0]!.moved} + ${moved[1]!.moved} transactions`);
  });
});
