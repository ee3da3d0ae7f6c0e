#!/usr/bin/env bash
# Sets up a fresh machine (Node 20 and npm only) to build and test Steerlog. Non-interactive.
set -euo pipefail
cd "$(dirname "$0")/.."
PNPM_VERSION=$(node -p "require('./package.json').packageManager.split('@')[1]")

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

if [ "$(pnpm -v 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  # A corepack shim makes `npm i -g pnpm` fail with EEXIST.
  command -v corepack >/dev/null && corepack disable pnpm 2>/dev/null || true
  npm install -g "pnpm@$PNPM_VERSION" --no-fund --no-audit
fi

# Browser tests drive Debian's Chromium; nothing may download a browser of its own.
if ! command -v chromium >/dev/null; then
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

# better-sqlite3 compiles from source: use the installed Node headers instead of downloading them.
if [ -d /usr/include/node ]; then export npm_config_nodedir="${npm_config_nodedir:-/usr}"; fi
pnpm install --frozen-lockfile
if [ -d apps/web ]; then pnpm --filter @steerlog/web build; fi
