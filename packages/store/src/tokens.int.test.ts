import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite, openPostgres } from './db/connect.js';
import { Store } from './store.js';
import { openTempStore } from './testing.js';
import { Tokens } from './tokens.js';

let temp: Awaited<ReturnType<typeof openTempStore>>;
beforeEach(async () => {
  temp = await openTempStore('steerlog-tokens-');
});
afterEach(() => temp.dispose());

const lastUsed = async (tokens: Tokens, id: string) => (await tokens.find(id))?.lastUsedAt;

describe('holding a token principal', () => {
  it('answers from the hold until it ends, then reads again: another process revoking is seen within the hold', async () => {
    const here = new Tokens(temp.store.kysely, { holdMs: 1000 });
    const { token, principal } = await here.create({ role: 'viewer', name: 'display' });
    expect(await here.authenticate(token, 10_000)).toEqual(principal);
    // Another process on the same database: the CLI's `token revoke`.
    const other = await Store.open(temp.databaseUrl ? openPostgres(temp.databaseUrl) : openSqlite(temp.path));
    try {
      expect(await new Tokens(other.kysely).revoke(principal.tokenId)).toBe(true);
    } finally {
      await other.close();
    }
    expect(await here.authenticate(token, 10_999)).toEqual(principal);
    expect(await here.authenticate(token, 11_000)).toBeNull();
    expect(await here.authenticate(token, 11_001)).toBeNull();
  });

  it('refuses a token revoked through the same object at once, however long the hold', async () => {
    const tokens = new Tokens(temp.store.kysely, { holdMs: 3_600_000 });
    const { token, principal } = await tokens.create({ role: 'coordinator', name: 'becky' });
    const kept = await tokens.create({ role: 'viewer', name: 'screen' });
    expect(await tokens.authenticate(token, 1_000)).toEqual(principal);
    expect(await tokens.authenticate(kept.token, 1_000)).toEqual(kept.principal);
    expect(await tokens.revoke(principal.tokenId)).toBe(true);
    expect(await tokens.authenticate(token, 1_001)).toBeNull();
    expect(await tokens.authenticate(kept.token, 1_001)).toEqual(kept.principal);
  });

  it('does not hold a lookup that was under way when the token was revoked', async () => {
    const tokens = new Tokens(temp.store.kysely, { holdMs: 3_600_000 });
    const { token, principal } = await tokens.create({ role: 'viewer', name: 'display' });
    const racing = tokens.authenticate(token, 1_000);
    const revoked = tokens.revoke(principal.tokenId);
    expect(await racing).toEqual(principal);
    expect(await revoked).toBe(true);
    expect(await tokens.authenticate(token, 1_001)).toBeNull();
  });

  it('still writes the last use as the time of the request, at most once a minute, from the hold too', async () => {
    const tokens = new Tokens(temp.store.kysely, { holdMs: 3_600_000 });
    const { token, principal } = await tokens.create({ role: 'viewer', name: 'display' });
    const t0 = Date.parse('2026-12-02T01:00:00.000Z');
    await tokens.authenticate(token, t0);
    expect(await lastUsed(tokens, principal.tokenId)).toBe('2026-12-02T01:00:00.000Z');
    await tokens.authenticate(token, t0 + 30_000);
    expect(await lastUsed(tokens, principal.tokenId)).toBe('2026-12-02T01:00:00.000Z');
    await tokens.authenticate(token, t0 + 61_000);
    expect(await lastUsed(tokens, principal.tokenId)).toBe('2026-12-02T01:01:01.000Z');
  });

  it('holds nothing by default: every lookup reads the database', async () => {
    const tokens = new Tokens(temp.store.kysely);
    const { token, principal } = await tokens.create({ role: 'viewer', name: 'display' });
    expect(await tokens.authenticate(token, 1_000)).toEqual(principal);
    await new Tokens(temp.store.kysely).revoke(principal.tokenId);
    expect(await tokens.authenticate(token, 1_001)).toBeNull();
  });
});
