import { dirname, join, resolve } from 'node:path';
import { RewrittenStoreError, TruncatedStoreError } from '@steerlog/store';
import { demoTokens } from './demo.js';
import { oidcFromEnv } from './oidc.js';
import { mailFromEnv } from './reminders/mailer.js';
import { defaultWebRoot, startServer } from './server.js';

/** `pnpm start`: configuration from the environment, as the contract's "Running it" table says. */
const env = process.env;
const databaseUrl = env['STEERLOG_DATABASE_URL'] || undefined;
const dbPath = resolve(env['STEERLOG_DB'] ?? './data/steerlog.db');
const demo = env['STEERLOG_DEMO'] !== '0';
const host = env['HOST'] ?? '127.0.0.1';
const port = Number(env['PORT'] ?? 3000);

const optional = (name: string) => (env[name] ? resolve(env[name]) : undefined);
// `pnpm start --accept-truncation` (or the env equivalent): carry on from a store shorter than its last checkpoint.
const acceptTruncation = process.argv.includes('--accept-truncation') || env['STEERLOG_ACCEPT_TRUNCATION'] === '1';

let lastShown = 0;
const starting = startServer({
  dbPath,
  databaseUrl,
  groupCommit: env['STEERLOG_GROUP_COMMIT'] !== '0',
  host,
  port,
  demo,
  webRoot: env['STEERLOG_WEB_ROOT'] ?? defaultWebRoot,
  logger: { level: env['LOG_LEVEL'] ?? 'info', redact: ['req.headers.authorization', 'req.headers.cookie'] },
  oidc: oidcFromEnv(env),
  signingKeyPath: optional('STEERLOG_SIGNING_KEY'),
  checkpointFile: optional('STEERLOG_CHECKPOINT_FILE'),
  checkpointEvery: env['STEERLOG_CHECKPOINT_EVERY'] ? Number(env['STEERLOG_CHECKPOINT_EVERY']) : undefined,
  acceptTruncation,
  mail: mailFromEnv(env),
  publicUrl: env['STEERLOG_PUBLIC_URL'] || undefined,
  reminderDays: env['STEERLOG_REMINDER_DAYS'] ? Number(env['STEERLOG_REMINDER_DAYS']) : undefined,
  live: {
    ...(env['STEERLOG_LIVE_MAX_PER_TOKEN'] ? { maxPerToken: Number(env['STEERLOG_LIVE_MAX_PER_TOKEN']) } : {}),
    ...(env['STEERLOG_LIVE_MAX_TOTAL'] ? { maxTotal: Number(env['STEERLOG_LIVE_MAX_TOTAL']) } : {}),
  },
  onDemoProgress: (done, total) => {
    const now = Date.now();
    if (done === total || now - lastShown > 250) {
      lastShown = now;
      process.stdout.write(`\rLoading demo programmes: ${done}/${total} commands`);
      if (done === total) process.stdout.write('\n');
    }
  },
});

const server = await starting.catch((error: unknown) => {
  // Refusing to start is the point here: say why, plainly, and exit non-zero.
  if (error instanceof TruncatedStoreError || error instanceof RewrittenStoreError) {
    console.error(`Steerlog will not start: ${error.message}`);
    process.exit(2);
  }
  throw error;
});

console.log(`Steerlog is serving ${server.url} (database ${databaseUrl ? 'PostgreSQL' : dbPath})`);
if (server.oidc) console.log(`Sign-in through ${server.oidc.options.issuer} (redirect URL ${server.oidc.redirectUri})`);
if (server.demoLoaded)
  console.log(`Loaded ${server.demoLoaded.programmes} demo programmes (${server.demoLoaded.commands} commands).`);
if (demo) {
  const programmes = await server.queries.listProgrammes();
  // Beside the SQLite file (or in ./data for PostgreSQL): the same tokens at every start.
  const file = join(databaseUrl ? resolve('./data') : dirname(dbPath), 'demo-tokens.json');
  const { coordinator, displays } = await demoTokens(
    server.tokens,
    programmes.map((p) => p.programmeId),
    file,
  );
  for (const p of programmes)
    console.log(`Display of ${p.name}: ${server.url}/display/${p.programmeId}?token=${displays[p.programmeId] ?? ''}`);
  console.log(`API docs: ${server.url}/docs`);
  console.log('Coordinator token (send as Authorization: Bearer TOKEN):');
  console.log(coordinator);
} else if ((await server.queries.listProgrammes()).length === 0) {
  console.log(
    'The store is empty. Create a token with `pnpm steerlog token create --role coordinator --name NAME` and send LaunchProgramme.',
  );
}

const stop = (signal: string) => {
  console.log(`${signal}: finishing requests in flight, then closing the database`);
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.once('SIGTERM', () => stop('SIGTERM'));
process.once('SIGINT', () => stop('SIGINT'));
