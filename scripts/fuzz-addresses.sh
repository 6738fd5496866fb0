#!/usr/bin/env bash
# Runs the address-parser and destination-normalisation fuzz properties with many cases (default 1,000,000 each)
# and prints the figures that docs/security.md records. CI runs the same tests with 20,000 cases.
#
#   scripts/fuzz-addresses.sh            # 1,000,000 cases per property
#   scripts/fuzz-addresses.sh 200000     # another count
#   CsCheck_Seed=<seed> scripts/fuzz-addresses.sh   # replay a failure CsCheck printed
set -euo pipefail

iterations="${1:-1000000}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

echo "fuzzing with ${iterations} cases per property (Release build)"
started=$(date +%s)
status=0
WORKERSOCKETS_FUZZ_ITERATIONS="$iterations" dotnet test "$root/tests/WorkerSockets.Tests/WorkerSockets.Tests.csproj" \
  -c Release \
  --filter "FullyQualifiedName~WorkerSockets.Tests.Policy.AddressParserFuzzTests|FullyQualifiedName~WorkerSockets.Tests.Policy.DestinationFuzzTests" \
  --logger "console;verbosity=detailed" >"$log" 2>&1 || status=$?
elapsed=$(( $(date +%s) - started ))

grep -E '^\s*fuzz:' "$log" | sed -E 's/^\s*//' || true
grep -E '^\s*(Passed|Failed)!? ' "$log" | grep -E 'Fuzz|Passed!|Failed!' | sed -E 's/^\s*//' || true
if [ "$status" -ne 0 ]; then
  grep -E 'CsCheckException|Set seed|\[FAIL\]' "$log" | head -20 || true
  echo "fuzz run FAILED after ${elapsed} s (full log kept at ${log}.kept)"
  cp "$log" "${log}.kept"
  exit "$status"
fi
echo "fuzz run passed: ${iterations} cases per property, ${elapsed} s wall clock including the build"
