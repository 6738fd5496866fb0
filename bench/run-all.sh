#!/usr/bin/env bash
# Every performance goal of docs/benchmarks.md (P1-P9), one after another, each result written to bench/results/ under
# today's date. Run it on a quiet machine (check `uptime`): the ratios are against baselines in the same run, but a
# machine busy with other work still widens every error bar.
#
# Usage: bench/run-all.sh [P1 P2 P4 P5 P6 P7 ...]     (no arguments: all; P2 also gives P3's per-cycle allocations)
#        env: ITERATIONS=15 (BenchmarkDotNet iterations for P1-P3), ROUNDS=5000 (interleaved P2), TAG= (suffix for the result files)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
results="$repo/bench/results"
stamp="$(date -u +%Y-%m-%d)${TAG:+-$TAG}"
iterations="${ITERATIONS:-15}"
goals=("$@")
[[ ${#goals[@]} -eq 0 ]] && goals=(P1 P2 P4 P5 P6 P7 P8 P9)
log() { printf '[run-all] %s (load: %s)\n' "$*" "$(cut -d' ' -f1-3 /proc/loadavg)" >&2; }

bdn() { # name filter
    local name="$1" filter="$2"
    rm -rf BenchmarkDotNet.Artifacts/results
    dotnet run -c Release --project bench/WorkerSockets.Benchmarks -- --filter "$filter" --job short --inProcess \
        --iterationCount "$iterations" > "$results/$stamp-$name.log" 2>&1
    cp BenchmarkDotNet.Artifacts/results/*"$name"-report-github.md "$results/$stamp-$name.md"
    sed -n '/^| Method/,$p' "$results/$stamp-$name.md"
}

for goal in "${goals[@]}"; do
    case "$goal" in
        P1)
            log "P1: 1 GiB through WorkerSocket vs raw Socket/NetworkStream, then TLS vs SslStream"
            bdn ThroughputBenchmarks '*.ThroughputBenchmarks*'
            bdn TlsThroughputBenchmarks '*.TlsThroughputBenchmarks*'
            ;;
        P2|P3)
            log "P2/P3: connect, one round trip, close (time and Allocated per cycle)"
            bdn RoundTripBenchmarks '*RoundTrip*'
            log "P2: the same three paths interleaved, ${ROUNDS:-5000} rounds (the ratio to read for P2)"
            dotnet run -c Release --project bench/WorkerSockets.Benchmarks -- paired-roundtrip "${ROUNDS:-5000}" \
                | tee "$results/$stamp-p2-paired-roundtrip.txt"
            ;;
        P4)
            log "P4: the Customers worker against Npgsql under wrk"
            bash bench/p4-customers.sh | tee "$results/$stamp-p4-customers.txt"
            ;;
        P5)
            log "P5: WSK analyzers' share of compile time, beside CA2000"
            bash bench/p5-analyzers.sh | tee "$results/$stamp-p5-analyzers.txt"
            ;;
        P9)
            log "P9: RESP through the inbound-TCP Redis gateway vs straight to the backend"
            bash bench/p9-redis-gateway.sh | tee "$results/$stamp-p9-redis-gateway.txt"
            ;;
        P6)
            log "P6: the generator after an unrelated edit"
            dotnet run -c Release --project bench/WorkerSockets.CompileBench -- generator-timing --files 1000 --edits 20 \
                | tee "$results/$stamp-p6-generator-timing.txt"
            ;;
        P7)
            log "P7: Customers through the Hyperdrive pooler against pooled Npgsql and the per-request connection, interleaved"
            bash bench/p7-hyperdrive.sh | tee "$results/$stamp-p7-hyperdrive.txt"
            ;;
        P8)
            log "P8: Customers through Hyperdrive with the query cache on, against pooled Npgsql and the cache off"
            bash bench/p8-hyperdrive-cache.sh | tee "$results/$stamp-p8-hyperdrive-cache.txt"
            ;;
        *) echo "unknown goal: $goal (P1-P9)" >&2; exit 2 ;;
    esac
done
log "done; results in $results/$stamp-*"
