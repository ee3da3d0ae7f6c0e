#!/usr/bin/env bash
# `pnpm start`: install what is missing, build the web client, then serve (SQLite by default).
set -euo pipefail
cd "$(dirname "$0")/.."
# better-sqlite3 compiles from source here; use the installed Node headers rather than downloading them.
if [ -d /usr/include/node ]; then export npm_config_nodedir="${npm_config_nodedir:-/usr}"; fi
pnpm install --frozen-lockfile --reporter=silent
if [ -d apps/web ]; then pnpm --filter @steerlog/web build >/dev/null; fi
# The server runs as built JavaScript (tsc output in each package's dist/), not through a loader:
# it starts faster and holds less memory. tsc -b is incremental, so an unchanged tree costs ~1 s.
pnpm exec tsc -b apps/server
# exec, so a signal sent to `pnpm start` reaches the server itself and it can shut down cleanly.
exec node apps/server/dist/main.js "$@"
