import { baseline } from '@steerlog/domain/testing';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verify, verifySinceLastCheck } from './audit.js';
import { openTempStore } from './testing.js';

const P = 'verify';
const training = (attendees: number) =>
  ({
    type: 'RecordTraining',
    data: { level: 1, audience: 'staff', sessions: 1, attendees, deliveredOn: '2025-03-01' },
  }) as const;

describe('verification at start: only what was appended since the last check that passed', () => {
  let temp: Awaited<ReturnType<typeof openTempStore>>;
  beforeEach(async () => {
    temp = await openTempStore('steerlog-verify-');
    for (const c of baseline()) await temp.store.handle(P, c, { actor: 'test' });
  });
  afterEach(() => temp.dispose());

  it('checks the whole chain the first time, then only the events after the position it kept', async () => {
    const n = temp.store.headPosition;
    expect(await verifySinceLastCheck(temp.store.kysely)).toEqual({ ok: true, checked: n, from: 0 });
    for (let i = 0; i < 3; i++) await temp.store.handle(P, training(i), { actor: 'test' });
    expect(await verifySinceLastCheck(temp.store.kysely)).toEqual({ ok: true, checked: 3, from: n });
    expect(await verifySinceLastCheck(temp.store.kysely)).toEqual({ ok: true, checked: 0, from: n + 3 });
  });

  it('finds an edit after the kept position; an edit before it is left to the full check', async () => {
    await verifySinceLastCheck(temp.store.kysely);
    const kept = temp.store.headPosition;
    for (let i = 0; i < 3; i++) await temp.store.handle(P, training(i), { actor: 'test' });
    await sql`update events set actor = 'mallory' where position = ${kept + 2}`.execute(temp.store.kysely);
    expect(await verifySinceLastCheck(temp.store.kysely)).toMatchObject({ ok: false, firstBadPosition: kept + 2 });
    // Not moved on by a failed check: the next start checks the same events again.
    expect(await verifySinceLastCheck(temp.store.kysely)).toMatchObject({ ok: false, firstBadPosition: kept + 2 });

    await sql`update events set actor = 'test' where position = ${kept + 2}`.execute(temp.store.kysely);
    await verifySinceLastCheck(temp.store.kysely);
    await sql`update events set actor = 'mallory' where position = 2`.execute(temp.store.kysely);
    expect(await verifySinceLastCheck(temp.store.kysely)).toMatchObject({ ok: true, checked: 0 });
    expect(await verify(temp.store.kysely)).toMatchObject({ ok: false, firstBadPosition: 2 });
  });

  it('checks everything again when the event it stopped at is gone (the log was cut short)', async () => {
    await verifySinceLastCheck(temp.store.kysely);
    const head = temp.store.headPosition;
    await sql`delete from events where position = ${head}`.execute(temp.store.kysely);
    expect(await verifySinceLastCheck(temp.store.kysely)).toEqual({ ok: true, checked: head - 1, from: 0 });
  });
});
