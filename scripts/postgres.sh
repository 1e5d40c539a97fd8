#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for tests and prints its admin URL on the last line:
#   URL=$(scripts/postgres.sh "$DIR")   …   scripts/postgres-stop.sh "$DIR"
# The cluster lives in DIR (default ${TMPDIR:-/tmp}/palisade-postgres; its parents must be readable
# by the server's user), listens on a free loopback port with password authentication, and has one
# superuser, palisade_admin (random password), and one database, palisade. The store's tests create
# their own databases and application roles from that URL (packages/store/test/postgres-server.ts).
# Server binaries are looked for on PATH and in /usr/lib/postgresql/*/bin and installed from Debian
# packages (apt-get install postgresql) when missing. As root the server runs as the `postgres` user,
# since PostgreSQL refuses to run as root. A cluster already running in DIR is reused.
set -euo pipefail
DIR=${1:-${TMPDIR:-/tmp}/palisade-postgres}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)

server_binaries() {
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
  else
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
  fi
}
BIN=$(server_binaries)
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  [ "$(id -u)" = 0 ] || { echo "PostgreSQL is not installed, and installing it (apt-get install postgresql) needs root" >&2; exit 1; }
  # The package would otherwise create and start a cluster of its own on port 5432.
  mkdir -p /etc/postgresql-common
  grep -qs '^create_main_cluster' /etc/postgresql-common/createcluster.conf || echo 'create_main_cluster = false' >>/etc/postgresql-common/createcluster.conf
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql) >"$DIR/apt.log" 2>&1 \
    || { echo "installing PostgreSQL failed; see $DIR/apt.log" >&2; exit 1; }
  BIN=$(server_binaries)
fi
PSQL="$BIN/psql"; [ -x "$PSQL" ] || PSQL=psql

AS=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  chown postgres "$DIR"
  AS=(runuser -u postgres --)
fi
touch "$DIR/.palisade-postgres"

url() { echo "postgres://palisade_admin:$(cat "$DIR/password")@127.0.0.1:$(cat "$DIR/port")/palisade"; }

if [ -f "$DIR/port" ] && "${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then url; exit 0; fi

if [ ! -f "$DIR/data/PG_VERSION" ]; then
  od -An -tx1 -N16 /dev/urandom | tr -d ' \n' >"$DIR/password"
  chmod 600 "$DIR/password"
  [ ${#AS[@]} -eq 0 ] || chown postgres "$DIR/password"
  "${AS[@]}" "$BIN/initdb" -D "$DIR/data" -U palisade_admin --pwfile="$DIR/password" --auth=scram-sha-256 \
    --encoding=UTF8 --locale=C >"$DIR/initdb.log" 2>&1 || { echo "initdb failed; see $DIR/initdb.log" >&2; exit 1; }
fi

# A free loopback port: bound by the kernel's choice, released, then taken by the server.
PORT=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
echo "$PORT" >"$DIR/port"
# Durability is not wanted from a throwaway cluster: no fsync, small memory.
"${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
  -o "-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='$DIR' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=64MB -c max_connections=100" \
  start >/dev/null || { echo "PostgreSQL did not start; see $DIR/server.log" >&2; exit 1; }

export PGPASSWORD; PGPASSWORD=$(cat "$DIR/password")
if [ "$("$PSQL" -h 127.0.0.1 -p "$PORT" -U palisade_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'palisade'")" != 1 ]; then
  "$PSQL" -h 127.0.0.1 -p "$PORT" -U palisade_admin -d postgres -v ON_ERROR_STOP=1 -qc 'CREATE DATABASE palisade' >/dev/null
fi
url
