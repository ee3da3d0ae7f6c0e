import type { Command } from '@steerlog/domain';
import { canonicalJson, ERASED } from '@steerlog/domain';
import { baseline } from '@steerlog/domain/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { erasePersonalData, exportLines, importLines, verify } from './audit.js';
import { StoreError } from './errors.js';
import { chainHash } from './hash-chain.js';
import type { Store } from './store.js';
import { dumpReadModels, modelsAndFold, openTempStore } from './testing.js';

const P = 'audit';
const Q = 'second';
const NOW = new Date('2026-03-01T12:00:00.000Z');

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
const temp = async () => {
  const t = await openTempStore('steerlog-audit-');
  cleanups.push(t.dispose);
  return t;
};

const report = (lead: string): Command => ({
  type: 'SubmitHighlightReport',
  data: { partnerId: 'council', lead, summary: 'On track', successes: ['s'], challenges: [], upcoming: [] },
});

/** Two programmes with names of people, a meeting, a back-dated event and a retraction. */
const populated = async () => {
  const t = await temp();
  const run = (programmeId: string, c: Command, idempotencyKey?: string) =>
    t.store.handle(programmeId, c, { actor: 'becky', now: NOW, idempotencyKey });
  for (const c of baseline()) await run(P, c);
  await run(
    P,
    { type: 'AppointChampion', data: { championId: 'ana', partnerId: 'council', name: 'Ana Ng' } },
    'appoint-ana',
  );
  await run(P, { type: 'AppointChampion', data: { championId: 'ben', partnerId: 'nhs-trust', name: 'Ben Ode' } });
  await run(P, report('Rhiannon Price'));
  await run(P, { type: 'OpenMeeting', data: { meetingId: 'board', title: 'Board', attendees: ['council'] } });
  await run(P, {
    type: 'ChangeRag',
    data: { subject: { kind: 'programme' }, rag: 'amber', reason: 'late' },
    occurredAt: '2025-02-01',
  });
  const risk = await run(P, {
    type: 'RaiseRisk',
    data: { riskId: 'staff', title: 'Staffing', likelihood: 3, impact: 4 },
  });
  await run(P, { type: 'RetractEvent', data: { eventId: risk.events[0]!.id, reason: 'duplicate' } });
  await run(Q, { type: 'LaunchProgramme', data: { name: 'Second' } });
  await run(Q, {
    type: 'AddPartner',
    data: { partnerId: 'council', name: 'Other Council', sector: 'local-authority', lead: 'Q Lead' },
  });
  return t;
};

const exported = async (store: Store) => {
  const lines: string[] = [];
  for await (const line of exportLines(store.kysely, store.vault)) lines.push(line);
  return lines;
};

const counts = async (store: Store) => ({
  events: (await store.kysely.selectFrom('events').select('position').execute()).length,
  keys: (await store.kysely.selectFrom('personal_keys').select('subject').execute()).length,
  programmes: (await store.kysely.selectFrom('rm_programmes').select('programme_id').execute()).length,
  checkpoint: await store.checkpoint(),
});

const importError = async (store: Store, lines: string[]) => {
  try {
    await importLines(store, lines, NOW);
  } catch (e) {
    return e;
  }
  throw new Error('the import was accepted');
};

describe('export and import', () => {
  it('into an empty store give the same state, positions and hashes, and export again byte for byte', async () => {
    const a = await populated();
    const lines = await exported(a.store);
    expect(lines.filter((l) => l.includes('"kind":"key"'))).toHaveLength(4);
    const b = await temp();
    expect(await importLines(b.store, lines, NOW)).toEqual({ events: lines.length - 4, keys: 4, checkpoints: 0 });

    const rows = (s: Store) => s.kysely.selectFrom('events').selectAll().orderBy('position').execute();
    expect(await rows(b.store)).toEqual(await rows(a.store));
    for (const p of [P, Q])
      expect(canonicalJson(await b.queries.currentView(p, NOW))).toBe(
        canonicalJson(await a.queries.currentView(p, NOW)),
      );
    expect(await dumpReadModels(b.store)).toBe(await dumpReadModels(a.store));
    expect(await b.queries.listProgrammes()).toEqual(await a.queries.listProgrammes());
    expect(await exported(b.store)).toEqual(lines);
    expect(await verify(b.store.kysely)).toEqual(await verify(a.store.kysely));
    expect(await b.store.checkpoint()).toBe(b.store.headPosition);

    // The imported store carries on the chain where the export stopped.
    const next = await b.store.handle(P, report('Next Lead'), { actor: 'becky', now: NOW });
    expect(next.position).toBe(lines.length - 4 + 1);
    expect(await verify(b.store.kysely)).toMatchObject({ ok: true });
    const { models, fold } = await modelsAndFold(b.store, P, NOW);
    expect(models).toBe(fold);
  });

  it('refuses a store that is not empty', async () => {
    const a = await populated();
    const lines = await exported(a.store);
    const before = await counts(a.store);
    const error = await importError(a.store, lines);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'store_not_empty' });
    expect(await counts(a.store)).toEqual(before);
  });

  it('rejects a file with one changed character in an event, naming the line, and imports nothing', async () => {
    const a = await populated();
    const lines = await exported(a.store);
    const n = lines.findIndex((l) => l.includes('"Testshire NHS Trust"'));
    expect(n).toBeGreaterThan(0);
    const tampered = [...lines];
    tampered[n] = lines[n]!.replace('"Testshire NHS Trust"', '"Testshire NHS Trusk"');
    const b = await temp();
    const error = await importError(b.store, tampered);
    expect(error).toMatchObject({ code: 'import_invalid' });
    expect((error as Error).message).toMatch(new RegExp(`^line ${n + 1}:`));
    expect(await counts(b.store)).toEqual({ events: 0, keys: 0, programmes: 0, checkpoint: 0 });
    // The untouched file still goes in.
    await importLines(b.store, lines, NOW);
    expect(await verify(b.store.kysely)).toMatchObject({ ok: true, checked: lines.length - 4 });
  });

  it('rejects a file whose key line was changed, naming the line, and imports nothing', async () => {
    const a = await populated();
    const lines = await exported(a.store);
    const n = lines.findIndex((l) => l.includes('"subject":"champion:ana"'));
    const line = JSON.parse(lines[n]!) as { key: string };
    // Another valid key of the right length: it passes the shape check but cannot open the name.
    const other = Buffer.from(line.key, 'base64').map((b, i) => (i === 0 ? b ^ 1 : b));
    const tampered = [...lines];
    tampered[n] = JSON.stringify({ ...line, key: Buffer.from(other).toString('base64') });
    const b = await temp();
    const error = await importError(b.store, tampered);
    expect(error).toMatchObject({ code: 'import_invalid' });
    expect((error as Error).message).toMatch(new RegExp(`^line ${n + 1}:`));
    expect(await counts(b.store)).toEqual({ events: 0, keys: 0, programmes: 0, checkpoint: 0 });
  });

  it('rejects an event this server cannot read (a newer schema), naming the line, and imports nothing', async () => {
    const a = await populated();
    const lines = await exported(a.store);
    const n = lines.findIndex((l) => l.includes('"type":"PartnerJoined"'));
    // Re-chained from that line on, as a newer release would have written it: only the version is unknown here.
    let previous = (JSON.parse(lines[n - 1]!) as { hash: string }).hash;
    const newer = lines.map((l, i) => {
      const e = JSON.parse(l) as Record<string, unknown>;
      if (i < n || e['kind'] === 'key') return l;
      if (i === n) e['schemaVersion'] = 3;
      const row = {
        position: e['position'] as number,
        programme_id: e['programmeId'] as string,
        version: e['version'] as number,
        id: e['id'] as string,
        type: e['type'] as string,
        schema_version: e['schemaVersion'] as number,
        occurred_at: e['occurredAt'] as string,
        recorded_at: e['recordedAt'] as string,
        actor: e['actor'] as string,
        data: canonicalJson(e['data']),
        meta: canonicalJson(e['meta']),
      };
      previous = chainHash(previous, row);
      return `${JSON.stringify({ ...e, hash: previous })}\n`;
    });
    const b = await temp();
    const error = await importError(b.store, newer);
    expect(error).toMatchObject({ code: 'import_invalid' });
    expect((error as Error).message).toMatch(new RegExp(`^line ${n + 1}:.*newer`));
    expect(await counts(b.store)).toEqual({ events: 0, keys: 0, programmes: 0, checkpoint: 0 });
  });
});

describe('erasing a person', () => {
  it('shows [erased] in every read, export and replay, keeps verify ok and every other name', async () => {
    const a = await populated();
    const hashes = await a.store.kysely.selectFrom('events').select('hash').orderBy('position').execute();
    await erasePersonalData(a.store, P, 'champion:ana');

    const champions = async (s: Store, programmeId = P) =>
      Object.fromEntries(
        (await s.loadEvents(programmeId)).flatMap((e) =>
          e.type === 'ChampionAppointed' ? [[e.data.championId, e.data.name]] : [],
        ),
      );
    expect(await champions(a.store)).toEqual({ ana: ERASED, ben: 'Ben Ode' });
    const view = await a.queries.currentView(P, NOW);
    expect(view.champions.map((c) => [c.championId, c.name])).toEqual([
      ['ana', ERASED],
      ['ben', 'Ben Ode'],
    ]);
    expect(view.partners.find((p) => p.partnerId === 'council')).toMatchObject({
      lead: 'Alex Lead',
      lastReport: { lead: 'Rhiannon Price' },
    });
    expect(
      (await a.queries.events(P, { after: 0, limit: 100 })).events.find((e) => e.type === 'ChampionAppointed')?.data,
    ).toMatchObject({
      name: ERASED,
    });
    const { models, fold } = await modelsAndFold(a.store, P, NOW);
    expect(models).toBe(fold);
    expect(await verify(a.store.kysely)).toMatchObject({ ok: true });
    expect(await a.store.kysely.selectFrom('events').select('hash').orderBy('position').execute()).toEqual(hashes);

    // A retry of the command that recorded the name answers as the log now reads.
    const replay = await a.store.handle(
      P,
      { type: 'AppointChampion', data: { championId: 'ana', partnerId: 'council', name: 'Ana Ng' } },
      { actor: 'becky', now: NOW, idempotencyKey: 'appoint-ana' },
    );
    expect(replay.events[0]?.data).toMatchObject({ name: ERASED });
    // Nowhere in the database is the name left in clear.
    for (const table of ['events', 'idempotency', 'rm_champions', 'personal_keys'] as const) {
      const rows = await a.store.kysely.selectFrom(table).selectAll().execute();
      expect(JSON.stringify(rows), table).not.toContain('Ana Ng');
    }

    const lines = await exported(a.store);
    expect(lines.join('')).not.toContain('champion:ana');
    const b = await temp();
    await importLines(b.store, lines, NOW);
    expect(await champions(b.store)).toEqual({ ana: ERASED, ben: 'Ben Ode' });
    expect(canonicalJson(await b.queries.currentView(P, NOW))).toBe(canonicalJson(view));
    expect((await b.queries.currentView(Q, NOW)).partners[0]?.lead).toBe('Q Lead');
    expect(await verify(b.store.kysely)).toMatchObject({ ok: true });
  });

  it('gives the next lead named under an erased subject a fresh key: earlier names stay erased, through an export and import', async () => {
    const a = await populated();
    await erasePersonalData(a.store, P, 'partner-lead:council');
    // A report after the erasure names a new lead: a new person, sealed under a fresh key.
    await a.store.handle(P, report('Later Lead'), { actor: 'becky', now: NOW });
    const council = async (s: Store) =>
      (await s.loadEvents(P)).flatMap((e) =>
        (e.type === 'PartnerJoined' || e.type === 'HighlightReportSubmitted') && e.data.partnerId === 'council'
          ? [e.data.lead]
          : [],
      );
    expect(await council(a.store)).toEqual([ERASED, ERASED, 'Later Lead']);
    const { models, fold } = await modelsAndFold(a.store, P, NOW);
    expect(models).toBe(fold);
    expect((await a.queries.currentView(Q, NOW)).partners[0]?.lead).toBe('Q Lead');

    const b = await temp();
    await importLines(b.store, await exported(a.store), NOW);
    expect(await council(b.store)).toEqual([ERASED, ERASED, 'Later Lead']);
    // Erasing again erases the newer lead too; the one after that gets a third key.
    await erasePersonalData(b.store, P, 'partner-lead:council');
    await b.store.handle(P, report('Newest Lead'), { actor: 'becky', now: NOW });
    expect(await council(b.store)).toEqual([ERASED, ERASED, ERASED, 'Newest Lead']);
    const imported = await modelsAndFold(b.store, P, NOW);
    expect(imported.models).toBe(imported.fold);
    expect(await verify(b.store.kysely)).toMatchObject({ ok: true });
    // The live name travels with its own key, the third of that subject.
    const again = (await exported(b.store)).join('\n');
    expect(again).toContain('"subject":"partner-lead:council#3"');
  });

  it('refuses a subject it holds nothing for', async () => {
    const a = await populated();
    await expect(erasePersonalData(a.store, P, 'champion:nobody')).rejects.toMatchObject({ code: 'unknown_subject' });
    await expect(erasePersonalData(a.store, Q, 'champion:ana')).rejects.toMatchObject({ code: 'unknown_subject' });
  });
});

describe('people and reporting rounds through an export and import', () => {
  /** A programme with people, a round, a reminder recorded by the server (actor system) and a round report with a rating. */
  const withRounds = async () => {
    const t = await temp();
    const run = (c: Command, actor = 'becky') => t.store.handle(P, c, { actor, now: NOW });
    for (const c of baseline()) await run(c);
    await run({
      type: 'AddPerson',
      data: { personId: 'cara', name: 'Cara Bell', email: 'cara@council.example', partnerId: 'council' },
    });
    await run({ type: 'UpdatePerson', data: { personId: 'cara', role: 'Workforce lead' } });
    await run({
      type: 'OpenReportingRound',
      data: { roundId: 'q1', title: 'Q1', periodFrom: '2025-01-01', periodTo: '2025-03-31', dueOn: '2025-04-10' },
    });
    await run(
      { type: 'RecordReminderSent', data: { roundId: 'q1', partnerId: 'council', personId: 'cara', kind: 'due-soon' } },
      'system',
    );
    await run({
      type: 'SubmitHighlightReport',
      data: { ...(report('Cara Bell').data as object), roundId: 'q1', rag: 'green' } as never,
    });
    return t;
  };

  it('are admitted by the rules that made them, and read the same', async () => {
    const a = await withRounds();
    const lines = await exported(a.store);
    expect(lines.join('\n')).not.toContain('cara@council.example');
    const b = await temp();
    await importLines(b.store, lines, NOW);
    expect(canonicalJson(await b.queries.currentView(P, NOW))).toBe(canonicalJson(await a.queries.currentView(P, NOW)));
    const view = await b.queries.currentView(P, NOW);
    expect(view.people[0]).toMatchObject({ name: 'Cara Bell', email: 'cara@council.example', role: 'Workforce lead' });
    expect(view.reportingRounds[0]?.reminders).toMatchObject([{ personId: 'cara', kind: 'due-soon' }]);
  });

  it('erase a person: name and e-mail read [erased] in the state and the export', async () => {
    const a = await withRounds();
    await erasePersonalData(a.store, P, 'person:cara');
    const view = await a.queries.currentView(P, NOW);
    expect(view.people[0]).toMatchObject({ name: ERASED, email: ERASED });
    const lines = await exported(a.store);
    expect(lines.some((l) => l.includes('"subject":"person:cara"'))).toBe(false);
    expect(await verify(a.store.kysely)).toMatchObject({ ok: true });
  });
});
