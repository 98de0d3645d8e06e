#!/bin/sh
# The replica's first start copies the primary (pg_basebackup -R writes
# standby.signal and the connection to stream from); later starts resume.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pg_basebackup -h postgres -U replicator -D "$PGDATA" -R -X stream -P
  chmod 0700 "$PGDATA"
fi
exec postgres -c hot_standby=on
