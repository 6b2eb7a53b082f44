#!/bin/sh
# The local PostgreSQL image's entrypoint (deploy/services/Dockerfile), with
# the part of the postgres image's contract that compose.yaml uses:
#   POSTGRES_PASSWORD  required; the password of POSTGRES_USER (scram-sha-256)
#   POSTGRES_USER      the superuser to create (default: postgres)
#   POSTGRES_DB        a database to create, owned by it (default: POSTGRES_USER)
#   PGDATA             the cluster (/var/lib/postgresql/data: mount a volume)
# They act only when PGDATA holds no cluster yet; later starts use what is
# there. Connections over the network need the password; the socket inside
# the container (pg_isready, psql in `docker exec`) is trusted.
# `postgres` (the default command) with extra server options starts the
# server; any other command (psql, pg_dump ...) runs as given.
set -eu
if [ "$#" -eq 0 ] || [ "${1#-}" != "$1" ]; then
  set -- postgres "$@"
fi
if [ "$1" != postgres ]; then
  exec "$@"
fi
shift

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set for a new database}"
  user="${POSTGRES_USER:-postgres}"
  database="${POSTGRES_DB:-$user}"
  password_file="$(mktemp)"
  printf '%s\n' "$POSTGRES_PASSWORD" > "$password_file"
  initdb --pgdata="$PGDATA" --username="$user" --pwfile="$password_file" \
    --encoding=UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256
  rm -f "$password_file"
  # initdb allows host connections from loopback only; the other containers
  # come from the compose network.
  printf 'host all all all scram-sha-256\n' >> "$PGDATA/pg_hba.conf"
  if [ "$database" != postgres ]; then
    # A private socket and no TCP while the database is made: pg_isready
    # (compose's health check) must not call this short-lived server ready.
    socket_dir="$(mktemp -d)"
    pg_ctl --pgdata="$PGDATA" --wait --silent \
      --options="-c listen_addresses='' -c unix_socket_directories=$socket_dir" start
    createdb --host="$socket_dir" --username="$user" --owner="$user" "$database"
    pg_ctl --pgdata="$PGDATA" --mode=fast --wait --silent stop
    rmdir "$socket_dir"
  fi
  echo "postgres-entrypoint: made a new cluster in $PGDATA (user $user, database $database)"
fi

exec postgres -D "$PGDATA" -c listen_addresses='*' "$@"
