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

if ! command -v wrk >/dev/null; then
    log "installing wrk"
    apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi
[[ -x "$pg_bin/initdb" ]] || { log "PostgreSQL 15 binaries not found in $pg_bin"; exit 1; }

free_port() {
    local port
    for port in $(seq "$1" $(( $1 + 200 ))); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
    log "no free port near $1"; exit 1
}

work="$(mktemp -d /tmp/ws-p4.XXXXXX)"
pids=()
as_pg() { if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
    local pid
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [[ -f "$work/data/postmaster.pid" ]]; then as_pg "$pg_bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# --- database ---------------------------------------------------------------------------------------------------------
pg_port="$(free_port 25432)"
password="bench-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
mkdir -p "$work/data" "$work/run"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=WorkerSockets P4 CA" \
    -keyout "$work/ca.key" -out "$work/ca.crt" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=localhost" \
    -keyout "$work/server.key" -out "$work/server.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > "$work/ext.cnf"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial -days 2 \
    -extfile "$work/ext.cnf" -out "$work/server.crt" 2>/dev/null
chmod 600 "$work/server.key"
cat "${SYSTEM_CA_FILE:-/etc/ssl/certs/ca-certificates.crt}" "$work/ca.crt" > "$work/ca-bundle.crt" 2>/dev/null || cp "$work/ca.crt" "$work/ca-bundle.crt"
if [[ $EUID -eq 0 ]]; then chown -R postgres "$work/data" "$work/run" "$work/server.key" "$work/server.crt"; chmod 755 "$work"; fi

printf '%s\n' "$password" > "$work/pwfile"; chmod 644 "$work/pwfile"
as_pg "$pg_bin/initdb" -D "$work/data" -U postgres --pwfile="$work/pwfile" --auth=scram-sha-256 -E UTF8 >/dev/null
cat >> "$work/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$work/run'
max_connections = 300
ssl = on
ssl_cert_file = '$work/server.crt'
ssl_key_file = '$work/server.key'
password_encryption = 'scram-sha-256'
fsync = off
synchronous_commit = off
EOF
printf 'local all all scram-sha-256\nhost all all 127.0.0.1/32 scram-sha-256\n' > "$work/data/pg_hba.conf"
as_pg "$pg_bin/pg_ctl" -D "$work/data" -l "$work/run/pg.log" -w start >/dev/null
export PGPASSWORD="$password"
as_pg env PGPASSWORD="$password" psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -v ON_ERROR_STOP=1 <<EOF
CREATE ROLE bench LOGIN PASSWORD '$password';
CREATE DATABASE bench OWNER bench;
\c bench
SET ROLE bench;
CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL, email text NOT NULL, city text);
INSERT INTO customers (name, email, city)
SELECT 'Customer ' || g, 'customer' || g || '@example.com', (ARRAY['Berlin','Lisbon','Osaka','Austin'])[1 + g % 4]
FROM generate_series(1, $seed_rows) AS g;
EOF
log "PostgreSQL 15 on 127.0.0.1:$pg_port, $seed_rows customers"

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

start_server() { # name port env... -- dll
    local name="$1" port="$2"; shift 2
    local envs=()
    while [[ "$1" != "--" ]]; do envs+=("$1"); shift; done
    shift
    env "${envs[@]}" dotnet "$@" --port "$port" > "$work/run/$name.log" 2>&1 &
    pids+=("$!")
    local i
    for i in $(seq 1 300); do
        if curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; then return 0; fi
        if ! kill -0 "${pids[-1]}" 2>/dev/null; then break; fi
        sleep 0.1 # polling a starting process; the deadline is 30 s
    done
    log "$name did not answer on port $port; its log:"; cat "$work/run/$name.log" >&2; exit 1
}

stop_servers() {
    local pid
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    pids=()
}

# wrk's latency in ms
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }

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
