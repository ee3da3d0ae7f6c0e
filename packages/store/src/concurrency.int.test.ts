import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Command, Rag } from '@steerlog/domain';
import { fold } from '@steerlog/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verify } from './audit.js';
import { openSqlite } from './db/connect.js';
import type { RaceMessage, RaceReply } from './fixtures/race-writer.js';
import { Store } from './store.js';
import { modelsAndFold, openTempStore, onPostgres } from './testing.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WRITER = fileURLToPath(new URL('./fixtures/race-writer.ts', import.meta.url));
const P = 'race';

/** A writer process and the replies it has sent and nobody has asked for yet. */
const startWriter = (dbPath: string) => {
  const child: ChildProcess = fork(WRITER, [dbPath], {
    cwd: ROOT,
    execArgv: ['--conditions=@steerlog/source', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const inbox: RaceReply[] = [];
  const waiting: { resolve: (m: RaceReply) => void; reject: (e: Error) => void }[] = [];
  child.on('message', (m: RaceReply) => {
    const w = waiting.shift();
    if (w) w.resolve(m);
    else inbox.push(m);
  });
  child.on('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`writer exited with ${code}`));
  });
  return {
    child,
    send: (m: RaceMessage) => child.send(m),
    next: () =>
      new Promise<RaceReply>((resolve, reject) => {
        const m = inbox.shift();
        if (m) resolve(m);
        else waiting.push({ resolve, reject });
      }),
  };
};
type Writer = ReturnType<typeof startWriter>;

const next: Record<Rag, Rag> = { red: 'amber', amber: 'green', green: 'red' };

// These change or share the SQLite file itself; PostgreSQL has its own multi-instance test.
describe.skipIf(onPostgres)('two writers in separate processes on one SQLite file', () => {
  let temp: Awaited<ReturnType<typeof openTempStore>>;
  let writers: Writer[];

  beforeAll(async () => {
    temp = await openTempStore('steerlog-race-');
    const setup: Command[] = [
      { type: 'LaunchProgramme', data: { name: 'Race' } },
      { type: 'AddPartner', data: { partnerId: 'council', name: 'Council', sector: 'local-authority' } },
      { type: 'AddPartner', data: { partnerId: 'police', name: 'Police', sector: 'police', lead: 'Pat Lead' } },
    ];
    for (const c of setup) await temp.store.handle(P, c, { actor: 'setup' });
    writers = [startWriter(temp.path), startWriter(temp.path)];
    for (const w of writers) expect(await w.next()).toEqual({ kind: 'ready' });
  });

  afterAll(async () => {
    for (const w of writers ?? []) {
      w.send({ kind: 'close' });
      await new Promise((resolve) => w.child.once('exit', resolve));
    }
    await temp.dispose();
  });

  /** Both writers handle their command at the same instant; returns their replies in writer order. */
  const race = async (commands: [Command, Command]) => {
    const startAt = Date.now() + 30;
    writers.forEach((w, i) => w.send({ kind: 'go', startAt, programmeId: P, command: commands[i]! }));
    return Promise.all(writers.map((w) => w.next()));
  };

  const head = async () => {
    const row = await temp.store.kysely
      .selectFrom('events')
      .select((eb) => eb.fn.max('version').as('version'))
      .where('programme_id', '=', P)
      .executeTakeFirstOrThrow();
    return Number(row.version);
  };

  it('with the same expectedVersion: exactly one wins, every time', async () => {
    const winners = new Set<number>();
    let rag: Rag = 'red';
    for (let round = 0; round < 20; round++) {
      const expectedVersion = await head();
      if (round % 2 === 1) rag = next[rag];
      // Highlight reports carry a name (a per-partner key the other process may have created);
      // RAG changes rewrite that partner's read-model row, report and all.
      const commands = ['Ada', 'Bea'].map((who): Command =>
        round % 2 === 0
          ? {
              type: 'SubmitHighlightReport',
              data: {
                partnerId: 'council',
                lead: `${who} ${round}`,
                summary: 's',
                successes: [],
                challenges: [],
                upcoming: [],
              },
              expectedVersion,
            }
          : {
              type: 'ChangeRag',
              data: { subject: { kind: 'partner', id: 'council' }, rag, reason: who },
              expectedVersion,
            },
      ) as [Command, Command];
      const replies = await race(commands);
      const won = replies.flatMap((r, i) => (r.kind === 'won' ? [{ ...r, writer: i }] : []));
      const lost = replies.filter((r) => r.kind === 'lost');
      expect(won, JSON.stringify(replies)).toHaveLength(1);
      expect(lost).toEqual([expect.objectContaining({ kind: 'lost', code: 'version_conflict' })]);
      expect(won[0]!.version).toBe(expectedVersion + 1);
      winners.add(won[0]!.writer);
      // The loser saw a version that is now stale; the next round starts from the new one.
    }
    expect(await head()).toBe(3 + 20);
    // Both processes won some rounds, so each had to decide on state the other one wrote.
    expect(winners.size).toBe(2);
  });

  it('without expectedVersion: both commands are appended, each deciding on what the other wrote', async () => {
    for (let round = 0; round < 5; round++) {
      const before = await head();
      // Each writer adds a partner with a named lead: a key only that process has seen so far.
      const joined = await race([
        { type: 'AddPartner', data: { partnerId: `pa-${round}`, name: 'A', sector: 'nhs', lead: `Ann ${round}` } },
        { type: 'AddPartner', data: { partnerId: `pb-${round}`, name: 'B', sector: 'nhs', lead: `Ben ${round}` } },
      ]);
      // Then each writes about the other's partner: a report under the other's key, a RAG change
      // that rewrites the other's partner row, lead included.
      const crossed = await race([
        {
          type: 'SubmitHighlightReport',
          data: {
            partnerId: `pb-${round}`,
            lead: `Bo ${round}`,
            summary: 's',
            successes: [],
            challenges: [],
            upcoming: [],
          },
        },
        { type: 'ChangeRag', data: { subject: { kind: 'partner', id: `pa-${round}` }, rag: 'green', reason: 'ok' } },
      ]);
      const replies = [...joined, ...crossed];
      expect(
        replies.map((r) => r.kind),
        JSON.stringify(replies),
      ).toEqual(['won', 'won', 'won', 'won']);
      const versions = replies.map((r) => (r.kind === 'won' ? r.version : 0)).sort((a, b) => a - b);
      expect(versions).toEqual([before + 1, before + 2, before + 3, before + 4]);
    }
  });

  it('leaves positions and versions gap-free, the chain valid and the read models equal to the fold', async () => {
    // A store opened afresh: nothing cached from before the race.
    const store = await Store.open(openSqlite(temp.path));
    try {
      const rows = await store.kysely
        .selectFrom('events')
        .select(['position', 'version', 'programme_id'])
        .orderBy('position')
        .execute();
      expect(rows.map((r) => Number(r.position))).toEqual(rows.map((_, i) => i + 1));
      expect(rows.map((r) => Number(r.version))).toEqual(rows.map((_, i) => i + 1));
      expect(rows).toHaveLength(3 + 20 + 4 * 5);
      expect(await verify(store.kysely)).toEqual({ ok: true, checked: rows.length });
      const { models, fold: folded } = await modelsAndFold(store, P, new Date());
      expect(models).toBe(folded);
      const state = fold(await store.loadEvents(P));
      expect(state.partners.get('council')?.lastReport?.lead).toMatch(/^(Ada|Bea) 18$/);
      expect(state.partners.get('pa-4')).toMatchObject({ lead: 'Ann 4', rag: { current: 'green' } });
      expect(state.partners.get('pb-4')).toMatchObject({ lead: 'Ben 4', lastReport: { lead: 'Bo 4' } });
    } finally {
      await store.close();
    }
  });
});
