#!/usr/bin/env bash
# Runs the process-wide reliability tests at full size and prints the figures docs/reliability.md quotes.
# Sizes: WORKERSOCKETS_RELIABILITY_CYCLES (default here 10000) and WORKERSOCKETS_RELIABILITY_CONCURRENCY (default here 1000).
# CI runs the same tests at 500 cycles and 50 concurrent requests (the defaults in the test project).
set -euo pipefail
cd "$(dirname "$0")/.."

export WORKERSOCKETS_RELIABILITY_CYCLES="${WORKERSOCKETS_RELIABILITY_CYCLES:-10000}"
export WORKERSOCKETS_RELIABILITY_CONCURRENCY="${WORKERSOCKETS_RELIABILITY_CONCURRENCY:-1000}"
# The Redis gateway sample's inbound connections (stalling, garbage, resets); CI runs 100.
export WORKERSOCKETS_GATEWAY_CONNECTIONS="${WORKERSOCKETS_GATEWAY_CONNECTIONS:-1000}"
report="$(mktemp -t workersockets-reliability.XXXXXX)"
export WORKERSOCKETS_RELIABILITY_REPORT="$report"
trap 'rm -f "$report"' EXIT

# 1,000 requests x 8 sockets needs ~15,000 descriptors (client, server and HTTP sides).
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true

project=tests/WorkerSockets.Reliability.Tests/WorkerSockets.Reliability.Tests.csproj
dotnet build "$project" -c Release --nologo -v quiet
started=$(date +%s)
status=0
dotnet test "$project" -c Release --no-build --nologo \
  --filter "FullyQualifiedName~Host.LeakTests|FullyQualifiedName~Host.ConcurrencyTests" || status=$?
gateway=tests/WorkerSockets.RedisGateway.Tests/WorkerSockets.RedisGateway.Tests.csproj
dotnet build "$gateway" -c Release --nologo -v quiet
dotnet test "$gateway" -c Release --no-build --nologo --filter "FullyQualifiedName~GatewayReliabilityTests" || status=$?
echo
echo "== WorkerSockets reliability figures ($(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), ulimit -n $(ulimit -n)) =="
sort "$report"
echo "total_seconds=$(( $(date +%s) - started ))"
exit $status
