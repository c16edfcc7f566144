#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine with Node 20 and npm, then runs
# every check: typecheck, lint, build, size budget, and all test suites (unit, integration,
# store contract, browser end-to-end).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v pnpm >/dev/null 2>&1 || ! pnpm --version 2>/dev/null | grep -q '^10\.'; then
  say "Installing pnpm 10 (npm i -g pnpm@10; corepack does not work on this machine)"
  as_root npm i -g pnpm@10
fi

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  say "Installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}"
fi

say "Installing dependencies (pnpm install --frozen-lockfile)"
pnpm install --frozen-lockfile

# A throw-away Redis on loopback for the suites that use one (scale-out); stopped on exit.
REDIS_PORT="${REDIS_TEST_PORT:-6399}"
if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  redis_dir=$(mktemp -d)
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$redis_dir" --daemonize yes \
    --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log"
  trap 'kill "$(cat "$redis_dir/redis.pid" 2>/dev/null)" 2>/dev/null || true' EXIT
fi
export REDIS_TEST_URL="redis://127.0.0.1:$REDIS_PORT"

say "Typecheck"
pnpm typecheck
say "Lint"
pnpm lint
say "Build, size budget and every test (pnpm test)"
pnpm test
