#!/usr/bin/env bash
# P9: pipelined GET/SET through the Redis gateway sample (inbound TCP -> connect() -> backend) against the same load
# straight to the backend, same run. Two loads:
#   1. bench/RedisGatewayBench: an in-process pipelined load loop (SET/GET alternating), rounds alternating direct and
#      gateway, plus managed allocations per proxied command. Always runs.
#   2. redis-benchmark from Debian's redis-tools (installed here when missing and apt-get is allowed), against the sample
#      process `dotnet run` starts (gateway + embedded Garnet), alternating rounds direct/gateway. When Debian's nutcracker
#      (twemproxy, the C Redis proxy the goal names as the reference) is installed or installable, it fronts the same
#      backend and joins every round: the same load through a proxy nobody here wrote, on the same shared cores.
# env: SECONDS_PER_ROUND=10 CONNECTIONS=50 PIPELINE=16 ROUNDS=3 REQUESTS=300000 (redis-benchmark -n)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${SECONDS_PER_ROUND:-10}"
connections="${CONNECTIONS:-50}"
pipeline="${PIPELINE:-16}"
rounds="${ROUNDS:-3}"
requests="${REQUESTS:-300000}"

dotnet build -c Release --nologo -v quiet bench/RedisGatewayBench/RedisGatewayBench.csproj
echo "== P9 ($(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)) =="
echo "-- in-process load loop (bench/RedisGatewayBench) --"
dotnet run -c Release --no-build --project bench/RedisGatewayBench -- "$seconds" "$connections" "$pipeline" "$rounds" \
    | grep -E '^(P9|backend|round|direct|gateway|ratio|process|allocated)'

if ! command -v redis-benchmark > /dev/null; then
    apt-get install -y -qq redis-tools > /dev/null 2>&1 || true
fi
if ! command -v nutcracker > /dev/null; then
    apt-get install -y -qq nutcracker > /dev/null 2>&1 || true
fi
if ! command -v redis-benchmark > /dev/null; then
    echo "-- redis-benchmark not available: only the in-process load above --"
    exit 0
fi

echo "-- redis-benchmark -t set,get -c $connections -P $pipeline -n $requests, against the sample process --"
log="$(mktemp -t p9-gateway.XXXXXX)"
dotnet samples/RedisGateway/bin/Release/net10.0/RedisGateway.dll --tcp-port 0 > "$log" 2>&1 &
sample=$!
twemproxy=""
trap 'kill $sample $twemproxy 2>/dev/null || true; wait $sample $twemproxy 2>/dev/null || true; rm -f "$log" "$log.yml"' EXIT
for _ in $(seq 1 120); do grep -q '^Ready on' "$log" && break; sleep 0.5; done
gateway_port="$(sed -n 's|^Ready on tcp://127.0.0.1:\([0-9]*\)$|\1|p' "$log")"
backend_port="$(sed -n 's|^Backend: embedded Garnet on 127.0.0.1:\([0-9]*\)$|\1|p' "$log")"
[[ -n "$gateway_port" && -n "$backend_port" ]] || { cat "$log"; echo "the sample did not start" >&2; exit 1; }

twemproxy_port=""
if command -v nutcracker > /dev/null; then
    read -r port stats_port < <(python3 -c 'import socket
ports = []
for _ in range(2):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); ports.append(s)
print(*(s.getsockname()[1] for s in ports))')
    printf 'p9:\n  listen: 127.0.0.1:%s\n  redis: true\n  servers:\n    - 127.0.0.1:%s:1\n' "$port" "$backend_port" > "$log.yml"
    nutcracker -c "$log.yml" -s "$stats_port" -a 127.0.0.1 -o /dev/null &
    twemproxy=$!
    for _ in $(seq 1 40); do
        if timeout 2 redis-cli -h 127.0.0.1 -p "$port" SET p9:probe 1 2> /dev/null | grep -q OK; then twemproxy_port="$port"; break; fi
        sleep 0.25
    done
    [[ -n "$twemproxy_port" ]] || echo "-- twemproxy did not start: the gateway is measured without it --"
fi

bench() { # port -> "SET-rps GET-rps"
    redis-benchmark -h 127.0.0.1 -p "$1" -t set,get -c "$connections" -P "$pipeline" -n "$requests" --csv 2> /dev/null \
        | awk -F'","' '/^"SET"/{s=$2} /^"GET"/{g=$2} END{printf "%d %d\n", s, g}'
}
ratio() { awk "BEGIN{printf \"%.2f\", $1/$2}"; }
bench "$backend_port" > /dev/null; bench "$gateway_port" > /dev/null # warm-up
[[ -z "$twemproxy_port" ]] || bench "$twemproxy_port" > /dev/null
direct_sum=0; gateway_sum=0; twemproxy_sum=0
for round in $(seq 1 "$rounds"); do
    read -r dset dget < <(bench "$backend_port")
    read -r gset gget < <(bench "$gateway_port")
    echo "round $round: direct SET $dset GET $dget req/s; gateway SET $gset GET $gget req/s; ratio SET $(ratio "$gset" "$dset") GET $(ratio "$gget" "$dget")"
    direct_sum=$((direct_sum + dset + dget)); gateway_sum=$((gateway_sum + gset + gget))
    if [[ -n "$twemproxy_port" ]]; then
        read -r tset tget < <(bench "$twemproxy_port")
        echo "round $round: twemproxy (nutcracker) SET $tset GET $tget req/s; ratio SET $(ratio "$tset" "$dset") GET $(ratio "$tget" "$dget")"
        twemproxy_sum=$((twemproxy_sum + tset + tget))
    fi
done
echo "ratio gateway/direct (SET+GET, all rounds): $(ratio "$gateway_sum" "$direct_sum") (goal >= 0.70)"
if [[ -n "$twemproxy_port" ]]; then
    echo "ratio twemproxy/direct (SET+GET, all rounds): $(ratio "$twemproxy_sum" "$direct_sum"); gateway/twemproxy: $(ratio "$gateway_sum" "$twemproxy_sum")"
fi
