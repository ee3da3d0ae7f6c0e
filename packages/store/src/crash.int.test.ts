import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verify } from './audit.js';
import { openSqlite } from './db/connect.js';
import { crashCommand, crashKey } from './fixtures/crash-commands.js';
import { catchUp } from './rebuild.js';
import { Store } from './store.js';
import { modelsAndFold, openTempStore, onPostgres } from './testing.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WRITER = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));

/**
 * Runs the crash writer against a programme and kills it with SIGKILL once it has acknowledged
 * `killAfter` commands (it is busy with the next one by then). Returns every acknowledgement it
 * printed, as `i -> position`.
 */
const writeUntilKilled = (dbPath: string, programmeId: string, killAfter: number) =>
  new Promise<Map<number, number>>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@steerlog/source', '--import', 'tsx', WRITER, dbPath, programmeId],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const acks = new Map<number, number>();
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        const [i, position] = line.split(' ').map(Number);
        acks.set(i!, position!);
      }
      if (acks.size >= killAfter) child.kill('SIGKILL');
    });
    child.on('error', reject);
    // 'close' comes after the last of stdout: every line the writer got out is counted.
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acks);
      else reject(new Error(`the writer stopped by itself (code ${code}) before it was killed`));
    });
  });

// These change or share the SQLite file itself; PostgreSQL has its own multi-instance test.
describe.skipIf(onPostgres)('a writer killed with SIGKILL mid-stream', () => {
  let temp: Awaited<ReturnType<typeof openTempStore>>;
  beforeAll(async () => {
    temp = await openTempStore('steerlog-crash-');
    await temp.store.close();
  });
  afterAll(() => temp.dispose());

  // Different stream lengths, each round on the file the previous crash left behind.
  for (const [round, killAfter] of [7, 23, 41, 64].entries())
    it(`loses no acknowledged event and keeps the read models consistent (round ${round + 1})`, async () => {
      const programmeId = `crash-${round}`;
      const setup = await Store.open(openSqlite(temp.path));
      await setup.handle(programmeId, { type: 'LaunchProgramme', data: { name: 'Crash' } }, { actor: 'setup' });
      await setup.handle(
        programmeId,
        { type: 'AddPartner', data: { partnerId: 'council', name: 'Council', sector: 'local-authority' } },
        { actor: 'setup' },
      );
      await setup.close();

      const acks = await writeUntilKilled(temp.path, programmeId, killAfter);
      const lastAck = Math.max(...acks.keys());
      expect(lastAck).toBeGreaterThanOrEqual(killAfter);
      expect([...acks.keys()]).toEqual([...acks.keys()].map((_, i) => i + 1));

      const store = await Store.open(openSqlite(temp.path));
      try {
        expect(await verify(store.kysely)).toMatchObject({ ok: true });
        const positions = (
          await store.kysely.selectFrom('events').select('position').orderBy('position').execute()
        ).map((r) => Number(r.position));
        expect(positions).toEqual(positions.map((_, i) => i + 1));
        // The read models were written in the same transactions: never behind the log.
        expect(await store.checkpoint()).toBe(store.headPosition);
        expect(await catchUp(store.db, store.vault)).toBeNull();

        const byKey = new Map<string, number[]>();
        for (const e of await store.loadEvents(programmeId))
          byKey.set(e.meta.correlationId, [...(byKey.get(e.meta.correlationId) ?? []), e.position]);
        for (const [i, position] of acks) expect(byKey.get(crashKey(programmeId, i))).toEqual([position]);
        // Commands went one at a time: what committed is a prefix, at most one beyond the last acknowledged.
        const committed = [...byKey.keys()].filter((k) => k.startsWith(`${programmeId}-`)).length;
        expect(committed === lastAck || committed === lastAck + 1).toBe(true);

        // The client retries what it never heard back about (and a little before): nothing twice.
        for (let i = lastAck - 1; i <= lastAck + 2; i++) {
          const retried = await store.handle(programmeId, crashCommand(i), {
            actor: 'crash-writer',
            idempotencyKey: crashKey(programmeId, i),
          });
          if (acks.has(i)) expect(retried.position).toBe(acks.get(i));
        }
        const keys = (await store.loadEvents(programmeId))
          .map((e) => e.meta.correlationId)
          .filter((k) => k.startsWith(`${programmeId}-`));
        expect(keys).toEqual(Array.from({ length: lastAck + 2 }, (_, i) => crashKey(programmeId, i + 1)));

        const { models, fold } = await modelsAndFold(store, programmeId, new Date());
        expect(models).toBe(fold);
        expect(await verify(store.kysely)).toMatchObject({ ok: true });
      } finally {
        await store.close();
      }
    });
});
