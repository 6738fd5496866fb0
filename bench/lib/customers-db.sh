# Shared by bench/p4-customers.sh and bench/p7-hyperdrive.sh (sourced, not run): wrk, free ports, a throwaway
# PostgreSQL 15 cluster (TLS with a throwaway CA, SCRAM-SHA-256, loopback only) seeded with `customers`, and the
# servers under test, all stopped on exit.
#
# The sourcing script defines log(), repo, pg_bin and seed_rows first. After customers_db_start it has: work (the
# run's folder), pg_port, password (of postgres and the bench roles), ca.crt and ca-bundle.crt (the system bundle plus
# the throwaway CA) in $work. start_server records each server's pid in server_pids[name].

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

work=""
pids=()
declare -A server_pids=()
as_pg() { if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
    local pid
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    [[ -n "$work" ]] || return 0
    if [[ -f "$work/data/postmaster.pid" ]]; then as_pg "$pg_bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

customers_db_start() { # tag (P4, P7: names the run folder and the CA) [reader role...: same password, SELECT on customers]
    local tag="$1" role readers=""; shift
    work="$(mktemp -d "/tmp/ws-${tag,,}.XXXXXX")"
    pg_port="$(free_port 25432)"
    password="bench-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
    for role in "$@"; do readers+="CREATE ROLE $role LOGIN PASSWORD '$password'; GRANT SELECT ON customers TO $role;"$'\n'; done
    mkdir -p "$work/data" "$work/run"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=WorkerSockets $tag CA" \
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
RESET ROLE;
$readers
EOF
    log "PostgreSQL 15 on 127.0.0.1:$pg_port, $seed_rows customers"
}

start_server() { # name port env... -- dll
    local name="$1" port="$2"; shift 2
    local envs=()
    while [[ "$1" != "--" ]]; do envs+=("$1"); shift; done
    shift
    env "${envs[@]}" dotnet "$@" --port "$port" > "$work/run/$name.log" 2>&1 &
    pids+=("$!")
    server_pids[$name]="$!"
    local i
    for i in $(seq 1 300); do
        if curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; then return 0; fi
        if ! kill -0 "${pids[-1]}" 2>/dev/null; then break; fi
        sleep 0.1 # polling a starting process; the deadline is 30 s
    done
    log "$name did not answer on port $port; its log:"; cat "$work/run/$name.log" >&2; exit 1
}

# wrk's latency in ms
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }
