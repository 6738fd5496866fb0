#!/usr/bin/env bash
# P7 profile: where a Hyperdrive request's server CPU and allocations go. Starts the same throwaway cluster and
# Customers-through-Hyperdrive server as bench/p7-hyperdrive.sh, then, under wrk load at concurrency C:
#   1. dotnet-counters (System.Runtime) over the run: allocated bytes, thread-pool work items, GCs per request;
#   2. dotnet-trace with CPU sampling and GC allocation ticks (gc-verbose): the top methods by exclusive CPU and the
#      types allocated, written to OUT (a folder) as *.nettrace, speedscope JSON and text summaries: allocations.txt
#      (bench/p7-profile-alloc: bytes per request by type and by first project frame) and cpu-owners.txt
#      (bench/p7-profile-owners.py: busy thread time by the innermost frame of our own code).
# Needs the dotnet-counters and dotnet-trace global tools (dotnet tool install -g ...).
# Usage: bench/p7-profile.sh   env: C=16 DURATION=10 OUT=/tmp/p7-profile ENDPOINT=hyperdrive|npgsql-pool
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
c="${C:-16}"
duration="${DURATION:-10}"
out="${OUT:-/tmp/p7-profile}"
endpoint="${ENDPOINT:-hyperdrive}"
pg_bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
seed_rows="${SEED_ROWS:-10}"
tools="${DOTNET_TOOLS:-$HOME/.dotnet/tools}"
log() { printf '[p7-profile] %s\n' "$*" >&2; }
mkdir -p "$out"

# shellcheck source=lib/customers-db.sh
source "$repo/bench/lib/customers-db.sh"
customers_db_start P7 bench_hd

dotnet build "$repo/samples/Customers/Customers.csproj" -c Release -v:q -nologo >/dev/null
dotnet build "$repo/bench/NpgsqlCustomers/NpgsqlCustomers.csproj" -c Release -v:q -nologo >/dev/null
export DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft=Warning
origin="127.0.0.1:$pg_port/bench?sslmode=require"
port="$(free_port 18900)"
case "$endpoint" in
    hyperdrive) start_server "$endpoint" "$port" "HYPERDRIVE=postgres://bench_hd:$password@$origin" "Hyperdrive__CacheEnabled=false" \
        "SSL_CERT_FILE=$work/ca-bundle.crt" -- "$repo/samples/Customers/bin/Release/net10.0/Customers.dll" ;;
    npgsql-pool) start_server "$endpoint" "$port" \
        "NPGSQL_DB=Host=127.0.0.1;Port=$pg_port;Username=bench;Password=$password;Database=bench;SSL Mode=VerifyFull;Root Certificate=$work/ca.crt;Pooling=true;Maximum Pool Size=20" \
        -- "$repo/bench/NpgsqlCustomers/bin/Release/net10.0/NpgsqlCustomers.dll" ;;
    *) log "unknown endpoint $endpoint"; exit 1 ;;
esac
pid="${server_pids[$endpoint]}"
t=$(( c < 2 ? c : 2 ))
wrk -t"$t" -c"$c" -d3s "http://127.0.0.1:$port/" >/dev/null

log "counters over ${duration}s at c=$c"
"$tools/dotnet-counters" collect -p "$pid" --counters System.Runtime --refresh-interval 1 --format csv -o "$out/counters.csv" \
    --duration "00:00:00:$(printf '%02d' "$((duration + 3))")" >/dev/null 2>&1 &
counters=$!
pids+=("$counters")
sleep 2 # let the counter session attach before the measured load starts
wrk -t"$t" -c"$c" -d"${duration}s" --latency "http://127.0.0.1:$port/" > "$out/wrk-counters.txt"
wait "$counters" || true # it stops itself: a signal to it ends this script too
requests="$(awk '/requests in/ { print $1 }' "$out/wrk-counters.txt")"
log "wrk: $(grep -E 'Requests/sec' "$out/wrk-counters.txt"), $requests requests"

log "trace (sampled thread stacks + gc allocation ticks) over ${duration}s"
"$tools/dotnet-trace" collect -p "$pid" --profile dotnet-sampled-thread-time,gc-verbose --duration "00:00:00:$(printf '%02d' "$((duration + 2))")" \
    --format Speedscope -o "$out/trace.nettrace" >"$out/trace.log" 2>&1 &
tracer=$!
pids+=("$tracer")
sleep 1
wrk -t"$t" -c"$c" -d"${duration}s" --latency "http://127.0.0.1:$port/" > "$out/wrk-trace.txt"
wait "$tracer" || true
"$tools/dotnet-trace" report "$out/trace.nettrace" topN -n 60 > "$out/top-exclusive.txt" 2>&1 || true
"$tools/dotnet-trace" report "$out/trace.nettrace" topN -n 60 --inclusive > "$out/top-inclusive.txt" 2>&1 || true
printf '%s\n' "$requests" > "$out/requests.txt"
# Allocation ticks by type and by first project frame, per request traced; busy thread time by owner of the innermost
# project frame (waits left out).
traced="$(awk '/requests in/ { print $1 }' "$out/wrk-trace.txt")"
dotnet run --project "$repo/bench/p7-profile-alloc/P7ProfileAlloc.csproj" -c Release -- "$out/trace.nettrace" "$traced" > "$out/allocations.txt" 2>&1 || true
python3 "$repo/bench/p7-profile-owners.py" "$out/trace.speedscope.json" 40 > "$out/cpu-owners.txt" 2>&1 || true
log "done: $out (counters.csv over $requests requests; allocations.txt and cpu-owners.txt over $traced; top-*.txt)"
