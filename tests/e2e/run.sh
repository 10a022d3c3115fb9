#!/usr/bin/env bash
# Runs the e2e suite against a real guanai server on a fresh SQLite database.
#   GA_BIN       path to the guanai binary (required)
#   GA_WEB_ROOT  built web app, i.e. web/dist (required; `npm run build --prefix web`)
#   GA_CHROMIUM  Chromium binary (default /usr/bin/chromium)
#   GA_SCREENSHOT_DIR  if set, tests save screenshots there (keep it outside the repo)
#   GA_E2E_TESTS  test files to run, relative to the repository (default tests/e2e/*.test.mjs)
# Test accounts are created with `guanai user add` before the server starts; their password
# reaches the tests as GA_E2E_PASSWORD.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

: "${GA_BIN:?set GA_BIN to the guanai binary}"
: "${GA_WEB_ROOT:?set GA_WEB_ROOT to the built web app (web/dist)}"
[ -x "$GA_BIN" ] || { echo "run.sh: GA_BIN=$GA_BIN is not executable" >&2; exit 2; }
[ -f "$GA_WEB_ROOT/index.html" ] || { echo "run.sh: no index.html in GA_WEB_ROOT=$GA_WEB_ROOT" >&2; exit 2; }
[ -d "$root/web/node_modules/playwright-core" ] || { echo "run.sh: run 'npm ci --prefix web' first" >&2; exit 2; }

# Absolute paths: the commands below run from the temporary directory.
GA_BIN="$(cd "$(dirname "$GA_BIN")" && pwd)/$(basename "$GA_BIN")"
GA_WEB_ROOT="$(cd "$GA_WEB_ROOT" && pwd)"

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

# init writes the key files (var/guanai.key, var/audit.key) relative to the working
# directory, and user add / serve read them from there: run everything from $tmp.
cd "$tmp"
db="sqlite:$tmp/e2e.db"
"$GA_BIN" init --db "$db"

# username role region: one line each.
export GA_E2E_PASSWORD="e2e-Pass-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
# An optional fourth word is the account's organisation (--org; reporters).
while read -r user role region org; do
  printf '%s\n' "$GA_E2E_PASSWORD" |
    "$GA_BIN" user add --db "$db" --username "$user" --role "$role" --region "$region" ${org:+--org "$org"} --password-stdin >/dev/null
done <<'ACCOUNTS'
e2e.dir1 director 500229212201
e2e.dir2 director 500229212202
e2e.locked director 500229212203
e2e.dir3 director 500229212204
e2e.dir4 director 500229212205
e2e.sup supervisor 500229212000
e2e.county county_civil 500229000000
e2e.sys sysadmin 500000000000
e2e.sys2 sysadmin 500000000000
e2e.sec secadmin 500000000000
e2e.aud auditor 500000000000
e2e.sched county_civil 500229000000
e2e.ref.edu education 500229000000
e2e.ref.police police 500229000000
e2e.ref.justice justice 500229000000
e2e.iv.civil county_civil 500229000000
e2e.iv.prot protection 500229000000
e2e.case.prot protection 500229000000
e2e.case.police police 500229000000
e2e.case.county county_civil 500229000000
e2e.rep.school reporter 500229000000 城口县鸡鸣乡中心小学
e2e.rep.police police 500229000000
e2e.rep.prot protection 500229000000
e2e.rep.hotline hotline 500000000000
ACCOUNTS

# Every browser logs in from 127.0.0.1: the whole suite shares one address's
# login budget, so it gets a larger one than the default 30 per 5 minutes
# (the limit itself is tested by tests/api/test_sessions.c).
"$GA_BIN" serve --db "$db" --listen 127.0.0.1:0 --login-rate-max 1000 \
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

# for tests that run the CLI on the same database (e.g. `guanai daily`), from $tmp where
# the key files are
export GA_E2E_BIN="$GA_BIN" GA_E2E_DB="$db" GA_E2E_DIR="$tmp"
export GA_BASE_URL="http://127.0.0.1:$(tr -d '[:space:]' <"$tmp/port")"
echo "run.sh: server at $GA_BASE_URL"

status=0
# shellcheck disable=SC2086 # GA_E2E_TESTS is a list of paths (or a glob)
(cd "$root" && node --test --test-concurrency=1 ${GA_E2E_TESTS:-tests/e2e/*.test.mjs}) || status=$?
if [ "$status" -ne 0 ]; then
  echo "run.sh: tests failed; server log:" >&2
  tail -n 50 "$tmp/server.log" >&2 || true
fi
exit "$status"
