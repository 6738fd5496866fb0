#!/usr/bin/env bash
# P8: the Customers worker through Hyperdrive with the query cache on (`SELECT * FROM customers` per request, answered
# from the cache for max_age), against ASP.NET Core + Npgsql Pooling=true, and Hyperdrive with the cache off, in the same
# run, wrk c=16. Everything else (cluster, TLS, SCRAM, rounds, medians) is bench/p7-hyperdrive.sh's.
#
# Usage: bench/p8-hyperdrive-cache.sh   (env as p7: DURATION, WARMUP, ROUNDS, THREADS, MAX_CONNECTIONS, CONCURRENCY)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ENDPOINTS="hyperdrive-cache npgsql-pool hyperdrive" RATIO_OF=hyperdrive-cache CONCURRENCY="${CONCURRENCY:-16}" \
LABEL="P8 Customers through Hyperdrive with the query cache on" \
GOAL="Goal (P8): hyperdrive-cache >= 2.0x npgsql-pool req/s; hyperdrive (cache off) reported in the same run." \
    exec bash "$here/p7-hyperdrive.sh" "$@"
