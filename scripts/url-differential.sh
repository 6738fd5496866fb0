#!/usr/bin/env bash
# Differential check of the address parser against a real WHATWG URL parser: Node's URL (ada, the parser workerd
# uses). Runs the fuzz property with WORKERSOCKETS_FUZZ_DUMP set, then replays every case through
# `new URL("fake://" + address)` with workerd's checks and order, and prints every difference.
# Needs `node` (not needed by CI). Usage: scripts/url-differential.sh [cases, default 300000]
set -euo pipefail

iterations="${1:-300000}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dump="$(mktemp)"
trap 'rm -f "$dump"' EXIT

WORKERSOCKETS_FUZZ_ITERATIONS="$iterations" WORKERSOCKETS_FUZZ_DUMP="$dump" \
  dotnet test "$root/tests/WorkerSockets.Tests/WorkerSockets.Tests.csproj" -c Release \
  --filter "FullyQualifiedName~WorkerSockets.Tests.Policy.AddressParserFuzzTests" >/dev/null

node - "$dump" <<'JS'
const fs = require('fs');
const lines = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
const invalid = "Specified address is empty string, contains unsupported characters or is too long.";
const validHost = s => s.length > 0 && s.length <= 255 && /^[A-Za-z0-9.\-_\[\]:]+$/.test(s);
function workerd(s) {
  if (s.length === 0) return invalid; // design.md's row for the empty string (workerd: missing hostname)
  let url;
  try { url = new URL("fake://" + s); } catch { return "Specified address could not be parsed."; }
  if (url.hostname === "") return "Specified address is missing hostname.";
  if (url.port === "") return "Specified address is missing port.";
  if (!validHost(s)) return invalid;
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  return `ok ${host} ${Number(url.port)}`;
}
let differences = 0;
for (const line of lines) {
  const { a, result } = JSON.parse(line);
  const expected = workerd(a);
  if (expected !== result && differences++ < 25) {
    console.log(`${JSON.stringify(a).slice(0, 200)}\n  ours: ${result}\n  URL:  ${expected}`);
  }
}
console.log(`url differential (node ${process.version}): ${lines.length} cases, ${differences} differences`);
process.exit(differences === 0 ? 0 : 1);
JS
