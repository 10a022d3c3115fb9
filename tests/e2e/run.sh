#!/usr/bin/env bash
# Runs the e2e suite against a real guanai server on a fresh SQLite database.
#   GA_BIN       path to the guanai binary (required)
#   GA_WEB_ROOT  built web app, i.e. web/dist (required; `npm run build --prefix web`)
#   GA_CHROMIUM  Chromium binary (default /usr/bin/chromium)
#   GA_SCREENSHOT_DIR  if set, tests save screenshots there (keep it outside the repo)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

: "${GA_BIN:?set GA_BIN to the guanai binary}"
: "${GA_WEB_ROOT:?set GA_WEB_ROOT to the built web app (web/dist)}"
[ -x "$GA_BIN" ] || { echo "run.sh: GA_BIN=$GA_BIN is not executable" >&2; exit 2; }
[ -f "$GA_WEB_ROOT/index.html" ] || { echo "run.sh: no index.html in GA_WEB_ROOT=$GA_WEB_ROOT" >&2; exit 2; }
[ -d "$root/web/node_modules/playwright-core" ] || { echo "run.sh: run 'npm ci --prefix web' first" >&2; exit 2; }

tmp="$(mktemp -d "${TMPDIR:-/tmp}/guanai-e2e.XXXXXX")"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$GA_BIN" init --db "sqlite:$tmp/e2e.db"

"$GA_BIN" serve --db "sqlite:$tmp/e2e.db" --listen 127.0.0.1:0 \
  --port-file "$tmp/port" --web-root "$GA_WEB_ROOT" >"$tmp/server.log" 2>&1 &
server_pid=$!

for _ in $(seq 1 200); do
  [ -s "$tmp/port" ] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "run.sh: server exited early; log:" >&2; cat "$tmp/server.log" >&2; exit 1
  fi
  sleep 0.1
done
if [ ! -s "$tmp/port" ]; then
  echo "run.sh: server did not write its port file within 20 s; log:" >&2
  cat "$tmp/server.log" >&2
  exit 1
fi

export GA_BASE_URL="http://127.0.0.1:$(tr -d '[:space:]' <"$tmp/port")"
echo "run.sh: server at $GA_BASE_URL"

status=0
(cd "$root" && node --test --test-concurrency=1 tests/e2e/*.test.mjs) || status=$?
if [ "$status" -ne 0 ]; then
  echo "run.sh: tests failed; server log:" >&2
  tail -n 50 "$tmp/server.log" >&2 || true
fi
exit "$status"
