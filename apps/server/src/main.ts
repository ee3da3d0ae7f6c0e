import { dirname, join, resolve } from 'node:path';
import { demoTokens } from './demo.js';
import { oidcFromEnv } from './oidc.js';
import { defaultWebRoot, startServer } from './server.js';

/** `pnpm start`: configuration from the environment, as the contract's "Running it" table says. */
const env = process.env;
const databaseUrl = env['STEERLOG_DATABASE_URL'] || undefined;
const dbPath = resolve(env['STEERLOG_DB'] ?? './data/steerlog.db');
const demo = env['STEERLOG_DEMO'] !== '0';
const host = env['HOST'] ?? '127.0.0.1';
const port = Number(env['PORT'] ?? 3000);

let lastShown = 0;
const server = await startServer({
  dbPath,
  databaseUrl,
  groupCommit: env['STEERLOG_GROUP_COMMIT'] !== '0',
  host,
  port,
  demo,
  webRoot: env['STEERLOG_WEB_ROOT'] ?? defaultWebRoot,
  logger: { level: env['LOG_LEVEL'] ?? 'info', redact: ['req.headers.authorization', 'req.headers.cookie'] },
  oidc: oidcFromEnv(env),
  onDemoProgress: (done, total) => {
    const now = Date.now();
    if (done === total || now - lastShown > 250) {
      lastShown = now;
      process.stdout.write(`\rLoading demo programmes: ${done}/${total} commands`);
      if (done === total) process.stdout.write('\n');
    }
  },
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
