#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and CI: Debian's postgresql binaries, a temporary
# directory, loopback only, a free random port (never the system's 5432), a random password.
#
#   eval "$(bash scripts/pg-cluster.sh start)"   # exports PG_CLUSTER_DIR and DATABASE_URL
#   bash scripts/pg-cluster.sh url [DIR]          # prints the URL of a running cluster
#   bash scripts/pg-cluster.sh stop [DIR]         # stops it and removes its directory
#
# DIR defaults to $PG_CLUSTER_DIR; `start DIR` uses an empty or missing DIR instead of a new temp dir.
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user
# (made by Debian's package), or as `nobody` where there is none. Messages go to stderr; only the
# export lines go to stdout.
set -euo pipefail

MARKER=standpunkt-pg-cluster
SUPERUSER=standpunkt

die() { echo "pg-cluster: $*" >&2; exit 1; }

pg_bin() {
  local dir
  # The newest installed major version.
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] || die "PostgreSQL saknas: installera Debians paket (apt-get install postgresql)."
  echo "$dir"
}

# The user the server runs as: ourselves, or a non-root user when we are root.
run_user() {
  if [ "$(id -u)" -ne 0 ]; then id -un
  elif getent passwd postgres >/dev/null; then echo postgres
  else echo nobody
  fi
}

# Runs a command as the server's user (directly when that is us).
as_user() {
  local user=$1; shift
  if [ "$user" = "$(id -un)" ]; then "$@"
  else runuser -u "$user" -- "$@"
  fi
}

free_port() {
  # The kernel's choice of a free loopback port; the start below retries if it is taken meanwhile.
  node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

cluster_dir() {
  local dir=${1:-${PG_CLUSTER_DIR:-}}
  [ -n "$dir" ] || die "ange katalogen (eller sätt PG_CLUSTER_DIR)"
  echo "$dir"
}

url_of() {
  local dir=$1
  [ -f "$dir/$MARKER" ] || die "$dir är inget kluster från pg-cluster.sh"
  echo "postgres://$SUPERUSER:$(cat "$dir/password")@127.0.0.1:$(cat "$dir/port")/postgres"
}

start() {
  local dir=${1:-} bin user port attempt
  bin=$(pg_bin)
  user=$(run_user)
  if [ -z "$dir" ]; then dir=$(mktemp -d "${TMPDIR:-/tmp}/standpunkt-pg.XXXXXX")
  else
    mkdir -p "$dir"
    [ -z "$(ls -A "$dir")" ] || die "$dir är inte tom"
  fi
  dir=$(cd "$dir" && pwd)
  touch "$dir/$MARKER"
  # Hex only, so the password needs no escaping in a URL.
  od -An -tx1 -N16 /dev/urandom | tr -d ' \n' > "$dir/password"
  chmod 600 "$dir/password"
  # The server's user owns the whole directory (data, socket, log) and must reach it through its parents.
  if [ "$user" != "$(id -un)" ]; then chown -R "$user" "$dir"; chmod 755 "$dir"; fi
  # UTF-8 with the C.UTF-8 locale: text sorts by code point, as SQLite's BINARY collation does
  # (the search vocabulary's range scans depend on it).
  as_user "$user" "$bin/initdb" -D "$dir/data" -U "$SUPERUSER" --pwfile="$dir/password" \
    --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; die "initdb misslyckades"; }
  for attempt in 1 2 3; do
    port=$(free_port)
    echo "$port" > "$dir/port"
    # max_connections 300: the suite on PostgreSQL (STORAGE=postgres) opens a small pool per test app.
    if as_user "$user" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=300" start >/dev/null 2>&1; then
      echo "pg-cluster: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') på 127.0.0.1:$port, katalog $dir (som $user)" >&2
      echo "export PG_CLUSTER_DIR='$dir'"
      echo "export DATABASE_URL='$(url_of "$dir")'"
      return 0
    fi
  done
  tail -n 20 "$dir/server.log" >&2 || true
  die "servern startade inte"
}

stop() {
  local dir bin user
  dir=$(cluster_dir "${1:-}")
  [ -f "$dir/$MARKER" ] || die "$dir är inget kluster från pg-cluster.sh"
  bin=$(pg_bin)
  user=$(stat -c %U "$dir/data" 2>/dev/null || run_user)
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_user "$user" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  echo "pg-cluster: stoppad och borttagen ($dir)" >&2
}

case "${1:-}" in
  start) start "${2:-}" ;;
  url) url_of "$(cluster_dir "${2:-}")" ;;
  stop) stop "${2:-}" ;;
  *) echo "Användning: $0 start [KATALOG] | url [KATALOG] | stop [KATALOG]" >&2; exit 2 ;;
esac
