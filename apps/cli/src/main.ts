import { createReadStream, createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { highlightMarkdown, highlightRows, stateMarkdown } from '@steerlog/reports';
import type { Role } from '@steerlog/domain';
import { roles } from '@steerlog/domain';
import type { ReceiptVerdict } from '@steerlog/store';
import {
  AccessError,
  CheckpointFile,
  checkReceipt,
  defaultIntegrityPaths,
  exportLines,
  Grants,
  listCheckpoints,
  parseReceipt,
  Receipt,
  verifyCheckpoints,
  importLines,
  ndjsonLines,
  openPostgres,
  openSqlite,
  Queries,
  rebuild,
  Store,
  StoreError,
  Tokens,
  verify,
} from '@steerlog/store';
import { progressBar } from './progress.js';

const usage = `Usage: pnpm steerlog COMMAND   (database: STEERLOG_DB, default ./data/steerlog.db; or STEERLOG_DATABASE_URL=postgres://...)

  token create --role ROLE --name NAME [--programme P] [--partner PARTNER_ID]
                                      prints the token on its last line; --programme binds it to
                                      one programme (a partner token needs both; admin is global)
  token list
  token revoke TOKEN_ID
  grant --email E --role ROLE [--programme P] [--partner PARTNER_ID]
                                      rights for whoever signs in with that e-mail (OpenID Connect)
  grant list
  grant revoke GRANT_ID
  export [--out FILE]                 NDJSON of the whole log (stdout by default)
  import FILE                         into an empty database only
  verify [--receipt P:HASH] [--public-key FILE]
                                      walk the hash chain, check every signed checkpoint (database and
                                      side file) against it, and whether the log holds HASH at P;
                                      with --public-key only checkpoints signed by that key count
  rebuild                             recompute every read model from the log
  backup FILE                         SQLite online backup to a new FILE while the server runs
                                      (restore: stop the server, put FILE in place of STEERLOG_DB)
  replay --programme ID --as-of DATE [--known-at DATE] [--report state|highlight] [--format md|json]

Roles: ${roles.join(', ')}`;

/** Where a token's or grant's rights hold, for a line of output. */
const where = (g: { programmeId: string | null; partnerId: string | null }) =>
  `${g.programmeId ? ` in ${g.programmeId}` : ' in every programme'}${g.partnerId ? ` for partner ${g.partnerId}` : ''}`;

const fail = (message: string): never => {
  console.error(message);
  process.exit(1);
};

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    role: { type: 'string' },
    name: { type: 'string' },
    partner: { type: 'string' },
    out: { type: 'string' },
    programme: { type: 'string' },
    email: { type: 'string' },
    'as-of': { type: 'string' },
    'known-at': { type: 'string' },
    report: { type: 'string', default: 'state' },
    format: { type: 'string', default: 'md' },
    receipt: { type: 'string' },
    'public-key': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
const [command, sub] = positionals;
if (values.help || !command) {
  console.log(usage);
  process.exit(command ? 0 : 1);
}

const dbPath = resolve(process.env['STEERLOG_DB'] ?? './data/steerlog.db');
const databaseUrl = process.env['STEERLOG_DATABASE_URL'];
const noBackup = 'backup is for SQLite; for PostgreSQL use pg_dump';
if (command === 'backup' && databaseUrl) fail(noBackup);
const db = databaseUrl ? openPostgres(databaseUrl) : openSqlite(dbPath);
const store = await Store.open(db);

const run = async (): Promise<number> => {
  switch (command) {
    case 'token': {
      const tokens = new Tokens(store.kysely);
      if (sub === 'create') {
        const role = values.role as Role | undefined;
        if (!role || !roles.includes(role)) return fail(`--role must be one of ${roles.join(', ')}`);
        if (!values.name) return fail('--name is required');
        const { token, principal } = await tokens.create({
          role,
          name: values.name,
          programmeId: values.programme,
          partnerId: values.partner,
        });
        console.log(
          `Created ${principal.role} token ${principal.tokenId} for ${principal.name}${where(principal)}. It is shown once:`,
        );
        console.log(token);
        return 0;
      }
      if (sub === 'list') {
        for (const t of await tokens.list())
          console.log(
            `${t.id}  ${t.role.padEnd(11)} ${t.name}${where(t)}  created ${t.createdAt}${t.lastUsedAt ? `  last used ${t.lastUsedAt}` : ''}${t.revokedAt ? `  REVOKED ${t.revokedAt}` : ''}`,
          );
        return 0;
      }
      if (sub === 'revoke') {
        const id = positionals[2] ?? fail('token revoke TOKEN_ID');
        if (!(await tokens.revoke(id))) return fail(`no active token ${id}`);
        console.log(`Revoked ${id}`);
        return 0;
      }
      return fail(usage);
    }
    case 'grant': {
      const grants = new Grants(store.kysely);
      if (sub === 'list') {
        for (const g of await grants.list())
          console.log(
            `${g.id}  ${g.role.padEnd(11)} ${g.email}${where(g)}  granted ${g.createdAt}${g.revokedAt ? `  REVOKED ${g.revokedAt}` : ''}`,
          );
        return 0;
      }
      if (sub === 'revoke') {
        const id = positionals[2] ?? fail('grant revoke GRANT_ID');
        if (!(await grants.revoke(id))) return fail(`no grant ${id} in force`);
        console.log(`Revoked grant ${id}`);
        return 0;
      }
      if (sub !== undefined) return fail(usage);
      const role = values.role as Role | undefined;
      if (!role || !roles.includes(role)) return fail(`--role must be one of ${roles.join(', ')}`);
      if (!values.email) return fail('--email is required');
      const g = await grants.create({
        email: values.email,
        role,
        programmeId: values.programme,
        partnerId: values.partner,
      });
      console.log(`Granted ${g.role}${where(g)} to ${g.email} (grant ${g.id}).`);
      return 0;
    }
    case 'export': {
      const out = values.out ? createWriteStream(values.out) : process.stdout;
      for await (const line of exportLines(store.kysely, store.vault))
        if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
      if (values.out) await new Promise<void>((r) => out.end(() => r()));
      return 0;
    }
    case 'import': {
      const file = sub ?? fail('import FILE');
      const size = statSync(file).size;
      const bar = progressBar(process.stderr, 'Checking the import');
      const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
      let lines = 0;
      const result = await importLines(
        store,
        ndjsonLines(createReadStream(file), (bytes) =>
          bar(bytes, size, `${mib(bytes)} of ${mib(size)}, ${lines} lines`),
        ),
        { onProgress: (n) => (lines = n) },
      );
      console.log(
        `Imported ${result.events} events and ${result.keys} personal-data keys; hashes and domain rules checked.`,
      );
      return 0;
    }
    case 'verify': {
      const chain = await verify(store.kysely);
      const paths = defaultIntegrityPaths(dbPath, databaseUrl !== undefined);
      const sideFile = new CheckpointFile(process.env['STEERLOG_CHECKPOINT_FILE'] ?? paths.checkpointFile);
      // A public key kept outside Steerlog is what makes a signature evidence: only its checkpoints count.
      const trusted = values['public-key'] === undefined ? undefined : readFileSync(values['public-key'], 'utf8');
      // The side file's copies count too: they outlive a lost WAL or a database replaced wholesale.
      const seen = new Set<string>();
      const checkpoints = [...(await listCheckpoints(store.kysely)), ...sideFile.read()].filter((c) => {
        const id = `${c.position}:${c.signature}`;
        return !seen.has(id) && seen.add(id);
      });
      const signed = await verifyCheckpoints(store.kysely, checkpoints, trusted);
      const given = values.receipt;
      let receipt: ReceiptVerdict | undefined;
      if (given !== undefined) {
        if (!Receipt.safeParse(given).success)
          return fail('--receipt must be POSITION:HASH (64 lower-case hex digits)');
        receipt = await checkReceipt(store.kysely, parseReceipt(given));
      }
      const ok = chain.ok && signed.ok && (receipt === undefined || receipt === 'matches');
      console.log(JSON.stringify({ ...chain, ok, ...(receipt ? { receipt } : {}), checkpoints: signed }));
      return ok ? 0 : 3;
    }
    case 'rebuild': {
      const bar = progressBar(process.stderr, 'Rebuilding read models');
      const result = await rebuild(store.db, store.vault, (p) => bar(p.done, p.programmes, `${p.events} events`));
      console.log(`Rebuilt ${result.programmes} programmes from ${result.events} events.`);
      return 0;
    }
    case 'backup': {
      const file = resolve(sub ?? fail('backup FILE'));
      if (!db.backup) return fail(noBackup);
      if (existsSync(file)) return fail(`${file} exists: backup writes a new file only`);
      await db.backup(file);
      // The position is read back from the copy, not the live database, which has moved on.
      const copy = openSqlite(file);
      try {
        const row = await copy.kysely
          .selectFrom('events')
          .select((eb) => eb.fn.max('position').as('head'))
          .executeTakeFirst();
        console.log(`Backed up to ${file} at position ${Number(row?.head ?? 0)}.`);
      } finally {
        await copy.close();
      }
      return 0;
    }
    case 'replay': {
      const programmeId = values.programme ?? fail('--programme is required');
      const asOf = values['as-of'] ?? fail('--as-of DATE is required');
      const queries = new Queries(store.kysely, store);
      const view = await queries.view(programmeId, { asOf, knownAt: values['known-at'] });
      const json = values.format === 'json';
      if (values.report === 'highlight') {
        const rows = highlightRows(view);
        console.log(
          json
            ? JSON.stringify(rows, null, 2)
            : highlightMarkdown(view, rows, await queries.fingerprint(view.position)),
        );
      } else console.log(json ? JSON.stringify(view, null, 2) : stateMarkdown(view));
      return 0;
    }
    default:
      return fail(`unknown command ${command}\n\n${usage}`);
  }
};

try {
  process.exitCode = await run();
} catch (error) {
  if (error instanceof StoreError) fail(`${error.code}: ${error.message}`);
  if (error instanceof AccessError) fail(error.message);
  throw error;
} finally {
  await store.close();
}
