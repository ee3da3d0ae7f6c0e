import { canonicalJson, currentSchemaVersion, fold } from '@steerlog/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { exportLines, importLines, projectProgramme, verify } from './audit.js';
import type { EventRow } from './db/schema.js';
import { chainHash, GENESIS_HASH } from './hash-chain.js';
import { rebuild } from './rebuild.js';
import { dumpReadModels, modelsAndFold, openTempStore } from './testing.js';

const P = 'legacy';
const NOW = new Date('2026-03-01T12:00:00.000Z');

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
const temp = async () => {
  const t = await openTempStore('steerlog-schema-');
  cleanups.push(t.dispose);
  return t;
};

/** Rows as an older release stored them: PartnerJoined at schema version 1, before partners had a sector. */
const legacyRows = (): EventRow[] => {
  const rows: Omit<EventRow, 'hash'>[] = [
    {
      position: 1,
      programme_id: P,
      version: 1,
      id: '0193c0de-0000-4000-8000-000000000001',
      type: 'ProgrammeLaunched',
      schema_version: 1,
      occurred_at: '2023-04-01T00:00:00.000Z',
      recorded_at: '2023-04-03T09:00:00.000Z',
      actor: 'becky',
      data: canonicalJson({ programmeId: P, name: 'Legacy programme' }),
      meta: canonicalJson({ correlationId: 'c-1', causationId: null }),
    },
    {
      position: 2,
      programme_id: P,
      version: 2,
      id: '0193c0de-0000-4000-8000-000000000002',
      type: 'PartnerJoined',
      schema_version: 1,
      occurred_at: '2023-04-02T00:00:00.000Z',
      recorded_at: '2023-04-03T09:05:00.000Z',
      actor: 'becky',
      data: canonicalJson({ partnerId: 'old-council', name: 'Old Council' }),
      meta: canonicalJson({ correlationId: 'c-2', causationId: null }),
    },
  ];
  let previous = GENESIS_HASH;
  return rows.map((r) => {
    const hash = chainHash(previous, r);
    previous = hash;
    return { ...r, hash };
  });
};

describe('a version-1 PartnerJoined stored before sector existed', () => {
  it('is upcast on read, folds, projects and verifies, and the stored bytes stay as written', async () => {
    expect(currentSchemaVersion.PartnerJoined).toBe(2);
    const { store, queries } = await temp();
    await store.kysely.insertInto('events').values(legacyRows()).execute();
    await store.reopen();
    await projectProgramme(store, P);

    const events = await store.loadEvents(P);
    expect(events[1]).toMatchObject({
      type: 'PartnerJoined',
      schemaVersion: 2,
      data: { partnerId: 'old-council', name: 'Old Council', sector: 'other' },
    });
    expect(fold(events).partners.get('old-council')?.sector).toBe('other');
    const view = await queries.currentView(P, NOW);
    expect(view.partners).toEqual([expect.objectContaining({ partnerId: 'old-council', sector: 'other' })]);
    const { models, fold: folded } = await modelsAndFold(store, P, NOW);
    expect(models).toBe(folded);
    expect(await verify(store.kysely)).toEqual({ ok: true, checked: 2 });

    // New commands build on the old event; new partners are written at version 2, with a sector.
    await store.handle(
      P,
      { type: 'ChangeRag', data: { subject: { kind: 'partner', id: 'old-council' }, rag: 'amber', reason: 'r' } },
      { actor: 'becky', now: NOW },
    );
    await store.handle(
      P,
      { type: 'AddPartner', data: { partnerId: 'police', name: 'Police', sector: 'police' } },
      { actor: 'becky', now: NOW },
    );
    const stored = await store.kysely
      .selectFrom('events')
      .select(['position', 'schema_version', 'data'])
      .orderBy('position')
      .execute();
    expect(stored[1]).toEqual({
      position: 2,
      schema_version: 1,
      data: '{"name":"Old Council","partnerId":"old-council"}',
    });
    expect(stored[3]).toMatchObject({ position: 4, schema_version: 2 });
    expect(JSON.parse(stored[3]!.data)).toMatchObject({ sector: 'police' });
    expect(
      (await queries.currentView(P, NOW)).partners.map((p) => [p.partnerId, p.sector, p.rag?.current ?? null]),
    ).toEqual([
      ['old-council', 'other', 'amber'],
      ['police', 'police', null],
    ]);
    expect(await verify(store.kysely)).toEqual({ ok: true, checked: 4 });
    const after = await modelsAndFold(store, P, NOW);
    expect(after.models).toBe(after.fold);

    // A rebuild folds the old event the same way.
    const incremental = await dumpReadModels(store);
    await rebuild(store.db, store.vault);
    store.invalidate();
    expect(await dumpReadModels(store)).toBe(incremental);

    // An export carries the stored version; an import reads it the same way.
    const lines: string[] = [];
    for await (const line of exportLines(store.kysely, store.vault)) lines.push(line);
    expect(JSON.parse(lines[1]!)).toMatchObject({ schemaVersion: 1, data: { partnerId: 'old-council' } });
    expect(JSON.parse(lines[1]!).data).not.toHaveProperty('sector');
    const other = await temp();
    await importLines(other.store, lines, NOW);
    expect(canonicalJson(await other.queries.currentView(P, NOW))).toBe(
      canonicalJson(await queries.currentView(P, NOW)),
    );
    expect(await verify(other.store.kysely)).toEqual({ ok: true, checked: 4 });
  });
});
