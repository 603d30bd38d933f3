#!/usr/bin/env bash
# Serve SourceSense on this machine as a district would: Debian's nginx on a free loopback port
# in front of two app servers (gunicorn, 2 workers each), one PostgreSQL database through
# pgbouncer, and Redis (127.0.0.1:6379, database 13) for the rate limits. Every process is
# started here with its configuration in a temporary folder; Ctrl-C stops them all.
#
#   deploy/local-cluster.sh postgresql://postgres@127.0.0.1:5432/sourcesense [transaction|session|none]
#
# The database is migrated and the library loaded first. Needs nginx and pgbouncer
# (apt-get install nginx pgbouncer) and the development requirements (make setup-dev).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { sed -n '2,10p' "$0"; exit 2; }
make --quiet setup-dev
exec .venv/bin/python -m tests.cluster --database-url "$1" --pgbouncer "${2:-transaction}"
