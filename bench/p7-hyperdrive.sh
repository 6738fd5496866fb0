#!/usr/bin/env bash
# P7: the Customers worker through the host's in-process Hyperdrive pooler, against the same endpoint on ASP.NET Core +
# Npgsql with Pooling=true, and against Customers with a new database connection per request.
#
# Starts a throwaway PostgreSQL 15 cluster (TLS on, SCRAM-SHA-256, loopback only), seeds `customers`, starts the three
# servers side by side, then runs wrk (after a warm-up) round after round, the endpoints interleaved in each round, at
# every concurrency in CONCURRENCY:
#   hyperdrive    samples/Customers with HYPERDRIVE=<origin, sslmode=require> and the query cache off: each request
#                 connects to the pool in process; the pool holds at most MAX_CONNECTIONS TLS connections to the origin (role bench_hd)
#   npgsql-pool   bench/NpgsqlCustomers with Pooling=true, Maximum Pool Size=MAX_CONNECTIONS, TLS verified (role bench)
#   per-request   samples/Customers with DB=<origin, sslmode=require>: a new TLS connection per request (role bench)
# While every endpoint runs, the origin's own count of bench_hd backends (pg_stat_activity) is sampled over one psql connection; hyperdrive's largest is
# printed beside the maximum. The table gives the medians over the rounds and hyperdrive's ratios, and each server's own
# CPU time per request (from /proc/<pid>/stat around the measured run: steadier than req/s when the cores are shared).
#
# Usage: bench/p7-hyperdrive.sh
#   env: DURATION=10s WARMUP=3s ROUNDS=3 CONCURRENCY="16 1" THREADS=2 MAX_CONNECTIONS=20 ENDPOINTS="hyperdrive npgsql-pool per-request"
#   Also: hyperdrive-cache (the same worker with the query cache on, its default), RATIO_OF (the
#   endpoint the ratio columns compare; default hyperdrive), LABEL and GOAL (the table's title and goal line; P8 sets them).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${DURATION:-10s}"
warmup="${WARMUP:-3s}"
rounds="${ROUNDS:-3}"
concurrency="${CONCURRENCY:-16 1}"
threads="${THREADS:-2}"
max_connections="${MAX_CONNECTIONS:-20}"
endpoints="${ENDPOINTS:-hyperdrive npgsql-pool per-request}"
ratio_of="${RATIO_OF:-hyperdrive}"
label="${LABEL:-P7 Customers through Hyperdrive}"
goal="${GOAL:-Goal (P7): hyperdrive >= 1.0x npgsql-pool req/s and <= 1.2x its p99; >= 40x per-request req/s; same run.}"
pg_bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
seed_rows="${SEED_ROWS:-10}"

log() { printf '[p7] %s\n' "$*" >&2; }

# shellcheck source=lib/customers-db.sh
source "$repo/bench/lib/customers-db.sh"
customers_db_start P7 bench_hd # the pool's own role, so that pg_stat_activity counts the pool alone

# --- servers ----------------------------------------------------------------------------------------------------------
log "building (Release)"
dotnet build "$repo/samples/Customers/Customers.csproj" -c Release -v:q -nologo >/dev/null
dotnet build "$repo/bench/NpgsqlCustomers/NpgsqlCustomers.csproj" -c Release -v:q -nologo >/dev/null
worker_dll="$repo/samples/Customers/bin/Release/net10.0/Customers.dll"
npgsql_dll="$repo/bench/NpgsqlCustomers/bin/Release/net10.0/NpgsqlCustomers.dll"

export DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production
# The per-request worker connects to the loopback database itself, which only the dev host's Development socket policy
# allows (the policy follows the environment); the Hyperdrive endpoints reach the pool in process and stay in Production.
dev_host=("DOTNET_ENVIRONMENT=Development" "ASPNETCORE_ENVIRONMENT=Development")
export Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft=Warning

origin="127.0.0.1:$pg_port/bench?sslmode=require"
declare -A ports=()
started=0
for name in $endpoints; do
    port="$(free_port $(( 18787 + started * 3 )))"
    started=$(( started + 1 ))
    case "$name" in
        # The worker validates TLS against the system store: this process alone gets a bundle with the throwaway CA
        # added (.NET on Linux reads OpenSSL's SSL_CERT_FILE); Npgsql gets the same CA as its Root Certificate.
        # The query cache is on by default: P7 measures pooling, so every request must reach the origin.
        hyperdrive) start_server "$name" "$port" "HYPERDRIVE=postgres://bench_hd:$password@$origin" "Hyperdrive__MaxConnections=$max_connections" \
            "Hyperdrive__CacheEnabled=false" "SSL_CERT_FILE=$work/ca-bundle.crt" -- "$worker_dll" ;;
        hyperdrive-cache) start_server "$name" "$port" "HYPERDRIVE=postgres://bench_hd:$password@$origin" "Hyperdrive__MaxConnections=$max_connections" \
            "Hyperdrive__CacheEnabled=true" "SSL_CERT_FILE=$work/ca-bundle.crt" -- "$worker_dll" ;;
        npgsql-pool) start_server "$name" "$port" \
            "NPGSQL_DB=Host=127.0.0.1;Port=$pg_port;Username=bench;Password=$password;Database=bench;SSL Mode=VerifyFull;Root Certificate=$work/ca.crt;Pooling=true;Maximum Pool Size=$max_connections" \
            -- "$npgsql_dll" ;;
        per-request) start_server "$name" "$port" "${dev_host[@]}" "DB=postgres://bench:$password@$origin" "SSL_CERT_FILE=$work/ca-bundle.crt" -- "$worker_dll" ;;
        *) log "unknown endpoint $name"; exit 1 ;;
    esac
    ports[$name]="$port"
done
log "servers: $(for n in $endpoints; do printf '%s=%s ' "$n" "${ports[$n]}"; done)"


# A server's own CPU time (user + system, all threads) in clock ticks: divided by the requests served, it is what one
# request costs that process, which the other sessions sharing the cores change far less than they change req/s.
cpu_ticks() { # pid name
    if [[ ! -r "/proc/$1/stat" ]]; then log "the $2 server exited; its log:"; cat "$work/run/$2.log" >&2; exit 1; fi
    awk '{ print $14 + $15 }' "/proc/$1/stat"
}
ticks_per_second="$(getconf CLK_TCK)"

# The origin's count of the pool's backends, every 0.2 s, over ONE psql connection fed a query at a time: a new psql
# (process, TLS, SCRAM, a forked backend) five times a second cost a few ms of CPU each time on these 2 cores, and it
# ran beside hyperdrive alone, so it put a tail on hyperdrive's latency only. It runs beside every endpoint now, so all
# see the same (small) load; only hyperdrive's counts are read.
start_sampler() { # output-file; sets sampler_pid (psql's)
    rm -f "$work/run/stop-sampler"
    { while [[ ! -e "$work/run/stop-sampler" ]]; do echo "SELECT count(*) FROM pg_stat_activity WHERE usename = 'bench_hd';"; sleep 0.2; done; } \
        | psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -Atq > "$1" 2>/dev/null &
    sampler_pid=$!
}
stop_sampler() { # the feeding loop stops, psql reads the end of its input, writes what it has and exits
    touch "$work/run/stop-sampler"
    wait "$sampler_pid" 2>/dev/null || true
}

results=()
most_backends=0
measure() { # name concurrency round
    local name="$1" c="$2" round="$3" port="${ports[$1]}" out
    local t=$(( threads < c ? threads : c ))
    wrk -t"$t" -c"$c" -d"$warmup" "http://127.0.0.1:$port/" >/dev/null
    # The origin's view, sampled while the load runs: the pool may never hold more than its maximum.
    local samples="$work/run/backends-$name-$c-$round.txt"
    start_sampler "$samples"
    pids+=("$sampler_pid") # stopped by cleanup too if the run ends early
    local cpu_before; cpu_before="$(cpu_ticks "${server_pids[$name]}" "$name")"
    out="$(wrk -t"$t" -c"$c" -d"$duration" --latency "http://127.0.0.1:$port/")"
    local cpu_after; cpu_after="$(cpu_ticks "${server_pids[$name]}" "$name")"
    stop_sampler
    if [[ "$name" == hyperdrive* ]]; then
        local most; most="$(sort -n "$samples" | tail -1)"
        (( ${most:-0} > most_backends )) && most_backends="$most"
    fi
    local rps p50 p99 errors requests cpu_us
    requests="$(awk '/requests in/ { print $1 }' <<<"$out")"
    cpu_us="$(awk -v t=$(( cpu_after - cpu_before )) -v hz="$ticks_per_second" -v n="$requests" 'BEGIN { printf "%.0f", (n > 0 ? t * 1e6 / hz / n : 0) }')"
    rps="$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")"
    p50="$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")"
    p99="$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")"
    errors="$(awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { for (i = 4; i <= NF; i += 2) n += $i } END { print n + 0 }' <<<"$out")"
    results+=("$name $c $rps $p50 $p99 $errors $cpu_us")
    log "round $round, c=$c, $name: $rps req/s, p50 ${p50} ms, p99 ${p99} ms, errors $errors, server CPU ${cpu_us} us/request"
}

for round in $(seq 1 "$rounds"); do
    for c in $concurrency; do
        for name in $endpoints; do measure "$name" "$c" "$round"; done
    done
done

# --- table ------------------------------------------------------------------------------------------------------------
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
stat() { printf '%s\n' "${results[@]}" | awk -v n="$1" -v c="$2" -v f="$3" '$1 == n && $2 == c { print $f }' | median; }

printf '\n%s, wrk -t%s -d%s --latency after a %s warm-up, %s interleaved rounds (medians), %s rows, origin TLS + SCRAM, pool maximum %s, %s cores shared by servers, PostgreSQL and wrk (load %s)\n\n' \
    "$label" "$threads" "$duration" "$warmup" "$rounds" "$seed_rows" "$max_connections" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '| c | endpoint | req/s | p50 ms | p99 ms | errors | server CPU µs/req | %s req/s ratio | %s p99 ratio |\n|---|---|---|---|---|---|---|---|---|\n' "$ratio_of" "$ratio_of"
for c in $concurrency; do
    h_rps="$(stat "$ratio_of" "$c" 3)"; h_p99="$(stat "$ratio_of" "$c" 5)"
    for name in $endpoints; do
        rps="$(stat "$name" "$c" 3)"; p50="$(stat "$name" "$c" 4)"; p99="$(stat "$name" "$c" 5)"; cpu="$(stat "$name" "$c" 7)"
        errors="$(printf '%s\n' "${results[@]}" | awk -v n="$name" -v c="$c" '$1 == n && $2 == c { e += $6 } END { print e + 0 }')"
        if [[ "$name" == "$ratio_of" || -z "$h_rps" ]]; then rr="—"; pr="—"; else
            rr="$(awk -v a="$h_rps" -v b="$rps" 'BEGIN { printf "%.2f×", a / b }')"
            pr="$(awk -v a="$h_p99" -v b="$p99" 'BEGIN { printf "%.2f×", a / b }')"
        fi
        printf '| %s | %s | %.0f | %s | %s | %s | %.0f | %s | %s |\n' "$c" "$name" "$rps" "$p50" "$p99" "$errors" "$cpu" "$rr" "$pr"
    done
done
printf '\nOrigin connections of the pool (pg_stat_activity, sampled every 0.2 s under load): at most %s; the maximum is %s.\n' "$most_backends" "$max_connections"
printf '%s\n' "$goal"
