import type { Command } from '@steerlog/domain';
import { baseline } from '@steerlog/domain/testing';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verify } from './audit.js';
import { openTempStore, onPostgres } from './testing.js';

const P = 'tamper';
/** Every stored text column the hash covers. */
const COLUMNS = ['data', 'type', 'occurred_at', 'hash', 'meta', 'actor', 'id', 'recorded_at', 'programme_id'] as const;

/** A small deterministic PRNG (mulberry32), so every run tampers with the same bytes. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};

// These change or share the SQLite file itself; PostgreSQL has its own multi-instance test.
describe.skipIf(onPostgres)('verify finds any single changed byte of a stored event', () => {
  let temp: Awaited<ReturnType<typeof openTempStore>>;
  let raw: SqliteDatabase.Database;
  let positions: number[];

  beforeAll(async () => {
    temp = await openTempStore('steerlog-tamper-');
    const more: Command[] = [
      // A name with multi-byte UTF-8, stored as ciphertext, and one meeting so meta carries a meetingId.
      { type: 'AppointChampion', data: { championId: 'sian', partnerId: 'council', name: 'Siân Ødegård' } },
      { type: 'OpenMeeting', data: { meetingId: 'board-1', title: 'Board', attendees: ['council'] } },
      { type: 'ChangeRag', data: { subject: { kind: 'programme' }, rag: 'amber', reason: 'Slippage — “late”' } },
      { type: 'CloseMeeting', data: { meetingId: 'board-1' } },
      { type: 'RecordSpend', data: { allocationId: 'grant-2025', amountPence: 1250, spentOn: '2025-05-01' } },
    ];
    for (const c of [...baseline(), ...more]) await temp.store.handle(P, c, { actor: 'Ïsla' });
    // A second connection of its own, as someone editing the file would have.
    raw = new SqliteDatabase(temp.path);
    raw.pragma('synchronous = OFF');
    positions = raw
      .prepare<[], { position: number }>('select position from events order by position')
      .all()
      .map((r) => r.position);
  });
  afterAll(async () => {
    raw.close();
    await temp.dispose();
  });

  const read = (column: string, position: number) =>
    raw
      .prepare<[number], { v: Buffer }>(`select cast(${column} as blob) as v from events where position = ?`)
      .get(position)!.v;
  const write = (column: string, position: number, bytes: Buffer) =>
    raw.prepare(`update events set ${column} = cast(? as text) where position = ?`).run(bytes, position);

  it('at exactly that event, in every column of every event', async () => {
    expect(await verify(temp.store.kysely)).toEqual({ ok: true, checked: positions.length });
    const next = random(20260301);
    let cases = 0;
    for (const position of positions)
      for (const column of COLUMNS) {
        const original = read(column, position);
        // The first byte, the last, and a few in between.
        const offsets = new Set([0, original.length - 1, ...[1, 2, 3].map(() => Math.floor(next() * original.length))]);
        for (const offset of offsets) {
          const changed = Buffer.from(original);
          changed[offset] = changed[offset]! ^ (1 + Math.floor(next() * 255));
          write(column, position, changed);
          const result = await verify(temp.store.kysely);
          expect(result, `${column} byte ${offset} of position ${position}`).toEqual({
            ok: false,
            firstBadPosition: position,
            checked: position,
          });
          write(column, position, original);
          cases++;
        }
      }
    expect(cases).toBeGreaterThan(positions.length * COLUMNS.length * 2);
    expect(await verify(temp.store.kysely)).toEqual({ ok: true, checked: positions.length });
  });

  it('also in the integer columns, and when an event is removed or two are swapped', async () => {
    const middle = positions[Math.floor(positions.length / 2)]!;
    for (const column of ['version', 'schema_version']) {
      raw.prepare(`update events set ${column} = ${column} + 1000 where position = ?`).run(middle);
      expect(await verify(temp.store.kysely)).toMatchObject({ ok: false, firstBadPosition: middle });
      raw.prepare(`update events set ${column} = ${column} - 1000 where position = ?`).run(middle);
    }
    const row = raw.prepare('select * from events where position = ?').get(middle) as Record<string, unknown>;
    raw.prepare('delete from events where position = ?').run(middle);
    expect(await verify(temp.store.kysely)).toMatchObject({ ok: false, firstBadPosition: middle });
    raw
      .prepare(
        'insert into events values (@position, @programme_id, @version, @id, @type, @schema_version, @occurred_at, @recorded_at, @actor, @data, @meta, @hash)',
      )
      .run(row);
    // Swap the content of two neighbours, keeping positions: the first is where the chain breaks.
    const swap = (a: number, b: number) => {
      const [da, db] = [read('data', a), read('data', b)];
      write('data', a, db);
      write('data', b, da);
    };
    swap(middle, middle + 1);
    expect(await verify(temp.store.kysely)).toMatchObject({ ok: false, firstBadPosition: middle });
    swap(middle, middle + 1);
    expect(await verify(temp.store.kysely)).toEqual({ ok: true, checked: positions.length });
  });
});
