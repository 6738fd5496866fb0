#!/usr/bin/env bash
# P9: pipelined GET/SET through the Redis gateway sample (inbound TCP -> connect() -> backend) against the same load
# straight to the backend, same run. Two loads:
#   1. bench/RedisGatewayBench: an in-process pipelined load loop (SET/GET alternating), rounds alternating direct and
#      gateway, plus managed allocations per proxied command. Always runs.
#   2. redis-benchmark from Debian's redis-tools (installed here when missing and apt-get is allowed), against the sample
#      process `dotnet run` starts (gateway + embedded Garnet), alternating rounds direct/gateway.
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
if ! command -v redis-benchmark > /dev/null; then
    echo "-- redis-benchmark not available: only the in-process load above --"
    exit 0
fi

echo "-- redis-benchmark -t set,get -c $connections -P $pipeline -n $requests, against the sample process --"
log="$(mktemp -t p9-gateway.XXXXXX)"
dotnet samples/RedisGateway/bin/Release/net10.0/RedisGateway.dll --tcp-port 0 > "$log" 2>&1 &
sample=$!
trap 'kill $sample 2>/dev/null || true; wait $sample 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 120); do grep -q '^Ready on' "$log" && break; sleep 0.5; done
gateway_port="$(sed -n 's|^Ready on tcp://127.0.0.1:\([0-9]*\)$|\1|p' "$log")"
backend_port="$(sed -n 's|^Backend: embedded Garnet on 127.0.0.1:\([0-9]*\)$|\1|p' "$log")"
[[ -n "$gateway_port" && -n "$backend_port" ]] || { cat "$log"; echo "the sample did not start" >&2; exit 1; }

bench() { # port -> "SET-rps GET-rps"
    redis-benchmark -h 127.0.0.1 -p "$1" -t set,get -c "$connections" -P "$pipeline" -n "$requests" --csv 2> /dev/null \
        | awk -F'","' '/^"SET"/{s=$2} /^"GET"/{g=$2} END{printf "%d %d\n", s, g}'
}
bench "$backend_port" > /dev/null; bench "$gateway_port" > /dev/null # warm-up
direct_sum=0; gateway_sum=0
for round in $(seq 1 "$rounds"); do
    read -r dset dget < <(bench "$backend_port")
    read -r gset gget < <(bench "$gateway_port")
    echo "round $round: direct SET $dset GET $dget req/s; gateway SET $gset GET $gget req/s; ratio SET $(awk "BEGIN{printf \"%.2f\", $gset/$dset}") GET $(awk "BEGIN{printf \"%.2f\", $gget/$dget}")"
    direct_sum=$((direct_sum + dset + dget)); gateway_sum=$((gateway_sum + gset + gget))
done
echo "ratio gateway/direct (SET+GET, all rounds): $(awk "BEGIN{printf \"%.2f\", $gateway_sum/$direct_sum}") (goal >= 0.70)"
