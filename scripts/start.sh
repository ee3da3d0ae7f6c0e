#!/usr/bin/env bash
# `pnpm start`: install what is missing, build the web client, then serve (SQLite by default).
set -euo pipefail
cd "$(dirname "$0")/.."
# better-sqlite3 compiles from source here; use the installed Node headers rather than downloading them.
if [ -d /usr/include/node ]; then export npm_config_nodedir="${npm_config_nodedir:-/usr}"; fi
pnpm install --frozen-lockfile --reporter=silent
if [ -d apps/web ]; then pnpm --filter @steerlog/web build >/dev/null; fi
# exec, so a signal sent to `pnpm start` reaches the server itself and it can shut down cleanly.
exec node --conditions=@steerlog/source --import tsx apps/server/src/main.ts
