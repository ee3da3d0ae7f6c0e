import type { Command } from '@steerlog/domain';
import { baseline } from '@steerlog/domain/testing';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openPostgres, openSqlite } from './db/connect.js';
import { Queries } from './queries.js';
import { readModelPosition } from './read-models/read.js';
import { catchUp } from './rebuild.js';
import { Store } from './store.js';
import { modelsAndFold, openTempStore } from './testing.js';

const P = 'reports';
const NOW = new Date('2026-03-01T12:00:00.000Z');

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const attach: Command = {
  type: 'AttachEvidence',
  data: {
    sha256: 'a'.repeat(64),
    fileName: 'training-register.csv',
    mediaType: 'text/csv',
    bytes: 120,
    about: 'partner:council',
  },
};
const report = (evidenceIds?: string[]): Command => ({
  type: 'SubmitHighlightReport',
  data: {
    partnerId: 'council',
    lead: 'Alex Lead',
    summary: 'On track',
    successes: ['Tier 1 live'],
    challenges: [],
    upcoming: [],
    ...(evidenceIds ? { evidenceIds } : {}),
  },
});

/** The id `AttachEvidence` gave the evidence. */
const evidenceIdOf = (attached: Awaited<ReturnType<Store['handle']>>) =>
  (attached.events[0]!.data as { evidenceId: string }).evidenceId;

/** A store whose database is put back as it was before migration 0009, then opened again. */
const beforeMigration0009 = async (commands: (evidenceId: string) => Command[]) => {
  const t = await openTempStore('steerlog-report-evidence-');
  cleanups.push(t.dispose);
  for (const c of baseline()) await t.store.handle(P, c, { actor: 'becky', now: NOW });
  const evidenceId = evidenceIdOf(await t.store.handle(P, attach, { actor: 'becky', now: NOW }));
  for (const c of commands(evidenceId)) await t.store.handle(P, c, { actor: 'becky', now: NOW });
  await sql`alter table rm_highlight_reports drop column evidence_ids`.execute(t.store.kysely);
  await sql`delete from kysely_migration where name = '0009-highlight-report-evidence'`.execute(t.store.kysely);
  await t.store.close();
  const store = await Store.open(t.databaseUrl ? openPostgres(t.databaseUrl) : openSqlite(t.path));
  cleanups.unshift(() => store.close());
  return { store, evidenceId };
};

describe("a highlight report's evidence in the read models", () => {
  it('is written with the report and read back with it', async () => {
    const t = await openTempStore('steerlog-report-evidence-');
    cleanups.push(t.dispose);
    for (const c of baseline()) await t.store.handle(P, c, { actor: 'becky', now: NOW });
    const attached = await t.store.handle(P, attach, { actor: 'becky', now: NOW });
    await t.store.handle(P, report([evidenceIdOf(attached)]), { actor: 'becky', now: NOW });
    const view = await t.queries.currentView(P, NOW);
    expect(view.partners.find((p) => p.partnerId === 'council')?.lastReport?.evidenceIds).toEqual([
      evidenceIdOf(attached),
    ]);
    const { models, fold } = await modelsAndFold(t.store, P, NOW);
    expect(models).toBe(fold);
  });

  it('is filled in by a rebuild after migration 0009 when the log holds a report that cites evidence', async () => {
    const { store, evidenceId } = await beforeMigration0009((id) => [report([id])]);
    expect(await readModelPosition(store.kysely)).toBe(0);
    await catchUp(store.db, store.vault);
    store.invalidate();
    const view = await new Queries(store.kysely, store).currentView(P, NOW);
    expect(view.partners.find((p) => p.partnerId === 'council')?.lastReport?.evidenceIds).toEqual([evidenceId]);
    const { models, fold } = await modelsAndFold(store, P, NOW);
    expect(models).toBe(fold);
  });

  it('needs no rebuild when no report cites evidence', async () => {
    const { store } = await beforeMigration0009(() => [report()]);
    expect(await readModelPosition(store.kysely)).toBeGreaterThan(0);
    const { models, fold } = await modelsAndFold(store, P, NOW);
    expect(models).toBe(fold);
  });
});
