import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { recordDemo } from '@steerlog/demo';
import type { Principal, Store, Tokens } from '@steerlog/store';
import { z } from 'zod';

/**
 * Loads the demo programmes through the command handler, as a coordinator would have typed
 * them (never raw inserts), each at the simulated instant it would have been recorded, so the
 * positions, the chain and `recordedAt` are those of a programme run in Steerlog at the time:
 * "known at" a past date shows what had been recorded by then. Reports progress as it goes.
 */
export const loadDemo = (store: Store, onProgress?: (done: number, total: number) => void) =>
  recordDemo((programmeId, command, options) => store.handle(programmeId, command, options), onProgress);

const DemoTokenFile = z.object({
  coordinator: z.string(),
  displays: z.record(z.string(), z.string()),
});

/**
 * The demo's tokens: a coordinator token and, per programme, a viewer token bound to that
 * programme for its display URL. They are kept in `file` (mode 0600, beside the database) and
 * reused at every start while they still work; demo tokens made before and no longer in the
 * file are revoked, so repeated starts do not pile up live tokens.
 */
export const demoTokens = async (tokens: Tokens, programmeIds: readonly string[], file: string) => {
  let saved: z.infer<typeof DemoTokenFile> = { coordinator: '', displays: {} };
  if (existsSync(file)) {
    const parsed = DemoTokenFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) saved = parsed.data;
  }
  const still = async (token: string | undefined, ok: (p: Principal) => boolean) => {
    const p = token ? await tokens.authenticate(token) : null;
    return p && ok(p) ? token! : null;
  };
  const coordinator =
    (await still(saved.coordinator, (p) => p.role === 'coordinator' && p.programmeId === null)) ??
    (await tokens.create({ role: 'coordinator', name: 'demo-coordinator' })).token;
  const displays: Record<string, string> = {};
  for (const programmeId of programmeIds)
    displays[programmeId] =
      (await still(saved.displays[programmeId], (p) => p.role === 'viewer' && p.programmeId === programmeId)) ??
      (await tokens.create({ role: 'viewer', name: `demo-display-${programmeId}`, programmeId })).token;
  const kept = new Set<string>();
  for (const token of [coordinator, ...Object.values(displays)]) {
    const p = await tokens.authenticate(token);
    if (p) kept.add(p.tokenId);
  }
  for (const t of await tokens.list())
    if (t.revokedAt === null && t.name.startsWith('demo-') && !kept.has(t.id)) await tokens.revoke(t.id);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ coordinator, displays }, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  return { coordinator, displays };
};
