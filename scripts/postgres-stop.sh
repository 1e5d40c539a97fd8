#!/usr/bin/env bash
# Stops the throwaway cluster scripts/postgres.sh started in DIR and deletes DIR with it.
set -euo pipefail
DIR=${1:-${TMPDIR:-/tmp}/palisade-postgres}
[ -f "$DIR/.palisade-postgres" ] || exit 0
if command -v pg_ctl >/dev/null 2>&1; then BIN=$(dirname "$(readlink -f "$(command -v pg_ctl)")"); else BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1); fi
AS=()
[ "$(id -u)" != 0 ] || AS=(runuser -u postgres --)
if [ -f "$DIR/data/postmaster.pid" ]; then "${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true; fi
rm -rf "$DIR"
