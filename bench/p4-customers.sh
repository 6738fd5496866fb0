#!/usr/bin/env bash
# P4: the Customers worker under load against the same endpoint written with Npgsql on ASP.NET Core.
#
# Starts a throwaway PostgreSQL 15 cluster (TLS on, SCRAM-SHA-256, loopback only), seeds `customers`, then for
# plaintext and TLS runs wrk (c=16, after a warm-up) against:
#   worker        samples/Customers (a new WorkerSocket connection per request, closed via ctx.WaitUntil)
#   npgsql        bench/NpgsqlCustomers with Pooling=false (a new connection per request: the fair baseline)
#   npgsql-pool   bench/NpgsqlCustomers with pooling (what the platform's per-request connection costs)
# and prints req/s, p50, p99 and the worker's ratios to each baseline.
#
# Usage: bench/p4-customers.sh
#   env: DURATION=15s WARMUP=5s CONNECTIONS=16 THREADS=2 TLS_MODES="off on" ENDPOINTS="worker npgsql npgsql-pool"
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${DURATION:-15s}"
warmup="${WARMUP:-5s}"
connections="${CONNECTIONS:-16}"
threads="${THREADS:-2}"
tls_modes="${TLS_MODES:-off on}"
endpoints="${ENDPOINTS:-worker npgsql npgsql-pool}"
pg_bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
seed_rows="${SEED_ROWS:-10}"

log() { printf '[p4] %s\n' "$*" >&2; }

# shellcheck source=lib/customers-db.sh
source "$repo/bench/lib/customers-db.sh"
customers_db_start P4

# --- servers ----------------------------------------------------------------------------------------------------------
log "building (Release)"
if [[ " $endpoints " == *" worker "* ]]; then
    dotnet build "$repo/samples/Customers/Customers.csproj" -c Release -v:q -nologo >/dev/null
fi
dotnet build "$repo/bench/NpgsqlCustomers/NpgsqlCustomers.csproj" -c Release -v:q -nologo >/dev/null
worker_dll="$repo/samples/Customers/bin/Release/net10.0/Customers.dll"
npgsql_dll="$repo/bench/NpgsqlCustomers/bin/Release/net10.0/NpgsqlCustomers.dll"

export DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production
export Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft=Warning

stop_servers() {
    local pid
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    pids=()
}


results=()
measure() { # label port
    local label="$1" port="$2" out
    wrk -t"$threads" -c"$connections" -d"$warmup" "http://127.0.0.1:$port/" >/dev/null
    out="$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "http://127.0.0.1:$port/")"
    printf '%s\n' "$out" > "$work/run/wrk-${label//\//-}.txt"
    local rps p50 p99 errors
    rps="$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")"
    p50="$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")"
    p99="$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")"
    errors="$(awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { for (i = 4; i <= NF; i += 2) n += $i } END { print n + 0 }' <<<"$out")"
    results+=("$label $rps $p50 $p99 $errors")
    log "$label: $rps req/s, p50 ${p50} ms, p99 ${p99} ms, errors $errors"
}

base_url="bench:$password@127.0.0.1:$pg_port/bench"
base_npgsql="Host=127.0.0.1;Port=$pg_port;Username=bench;Password=$password;Database=bench"
for tls in $tls_modes; do
    if [[ "$tls" == on ]]; then
        worker_db="postgres://$base_url?sslmode=require"
        npgsql_db="$base_npgsql;SSL Mode=VerifyFull;Root Certificate=$work/ca.crt"
        # The worker validates against the system store: this process alone gets a bundle with the throwaway CA added
        # (.NET on Linux reads OpenSSL's SSL_CERT_FILE); Npgsql gets the same CA as its Root Certificate.
        worker_env=("DB=$worker_db" "SSL_CERT_FILE=$work/ca-bundle.crt")
    else
        worker_db="postgres://$base_url?sslmode=disable"
        npgsql_db="$base_npgsql;SSL Mode=Disable"
        worker_env=("DB=$worker_db")
    fi

    for name in $endpoints; do
        case "$name" in
            # The dev host's socket policy follows its environment: Development allows the loopback database.
            worker) envs=("DOTNET_ENVIRONMENT=Development" "ASPNETCORE_ENVIRONMENT=Development" "${worker_env[@]}"); dll="$worker_dll" ;;
            npgsql) envs=("NPGSQL_DB=$npgsql_db;Pooling=false"); dll="$npgsql_dll" ;;
            npgsql-pool) envs=("NPGSQL_DB=$npgsql_db;Pooling=true;Maximum Pool Size=32"); dll="$npgsql_dll" ;;
            *) log "unknown endpoint $name"; exit 1 ;;
        esac
        port="$(free_port 18787)"
        start_server "$name-tls-$tls" "$port" "${envs[@]}" -- "$dll"
        measure "$name/tls-$tls" "$port"
        stop_servers
    done
done

# --- table ------------------------------------------------------------------------------------------------------------
printf '\nP4 Customers, wrk -t%s -c%s -d%s --latency after a %s warm-up, %s rows, %s cores shared by server, PostgreSQL and wrk\n\n' \
    "$threads" "$connections" "$duration" "$warmup" "$seed_rows" "$(nproc)"
printf '| endpoint | TLS | req/s | p50 ms | p99 ms | errors | worker req/s ratio | worker p99 ratio |\n|---|---|---|---|---|---|---|---|\n'
for tls in $tls_modes; do
    worker_line="$(printf '%s\n' "${results[@]}" | awk -v l="worker/tls-$tls" '$1 == l')"
    w_rps=""; w_p99=""
    [[ -n "$worker_line" ]] && read -r _ w_rps _ w_p99 _ <<<"$worker_line"
    for name in $endpoints; do
        line="$(printf '%s\n' "${results[@]}" | awk -v l="$name/tls-$tls" '$1 == l')"
        read -r _ rps p50 p99 errors <<<"$line"
        if [[ "$name" == worker || -z "$w_rps" ]]; then rr="—"; pr="—"; else
            rr="$(awk -v a="$w_rps" -v b="$rps" 'BEGIN { printf "%.2f×", a / b }')"
            pr="$(awk -v a="$w_p99" -v b="$p99" 'BEGIN { printf "%.2f×", a / b }')"
        fi
        printf '| %s | %s | %.0f | %s | %s | %s | %s | %s |\n' "$name" "$tls" "$rps" "$p50" "$p99" "$errors" "$rr" "$pr"
    done
done
printf '\nGoal (P4): worker ≥ 0.90× npgsql (Pooling=false) req/s and ≤ 1.2× its p99, same run.\n'
