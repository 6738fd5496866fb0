#!/usr/bin/env bash
# Differential check of the socket runtime against the real workerd: installs workerd from npm into a temporary
# folder, starts the peers (echo, FIN, reset, TLS with real certificates from openssl, STARTTLS), runs the case list
# (workerd-differential/cases.js) through workerd (worker.js) and through WorkerSockets (Driver/), and prints every
# difference. Needs node, npm, openssl and the .NET SDK; not part of CI.
# Usage: scripts/workerd-differential.sh [markdown table out]   (WORKERD_VERSION overrides the version)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
here="$root/scripts/workerd-differential"
markdown="${1:-}"
[[ -n "$markdown" ]] && markdown="$(cd "$(dirname "$markdown")" && pwd)/$(basename "$markdown")"
wanted="${WORKERD_VERSION:-1.20261117.1}"
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# The wanted version if npm serves it, else the closest one it serves.
version="$(npm view workerd versions --json | node -e '
  const wanted = process.argv[1];
  const all = JSON.parse(require("fs").readFileSync(0, "utf8")).filter(v => /^1\.\d+\.\d+$/.test(v));
  const key = v => Number(v.split(".")[1]) * 100 + Number(v.split(".")[2]);
  const best = all.includes(wanted) ? wanted : all.reduce((a, b) => Math.abs(key(b) - key(wanted)) < Math.abs(key(a) - key(wanted)) ? b : a);
  console.log(best);' "$wanted")"
echo "workerd $version (wanted $wanted)"
(cd "$work" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent "workerd@$version" >/dev/null)
workerd="$work/node_modules/.bin/workerd"

# Certificates: a trusted root, a server certificate for localhost/127.0.0.1 under it, one for another name under it,
# and one under a root nobody trusts.
certs="$work/certs"
mkdir -p "$certs"
ca() { openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$certs/$1.key" -out "$certs/$1.pem" \
  -days 2 -subj "/CN=$2" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null; }
server() {
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$certs/$1.key" -out "$certs/$1.csr" -subj "/CN=$3" 2>/dev/null
  printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n' "$4" >"$certs/$1.ext"
  openssl x509 -req -in "$certs/$1.csr" -CA "$certs/$2.pem" -CAkey "$certs/$2.key" -CAcreateserial -days 2 -extfile "$certs/$1.ext" \
    -out "$certs/$1.pem" 2>/dev/null
}
ca root "Differential Test Root"
ca stranger "Someone Else's Root"
server server root localhost "DNS:localhost,IP:127.0.0.1"
server other root other.example "DNS:other.example"
server stranger-server stranger localhost "DNS:localhost,IP:127.0.0.1"

# Peers, then the case list with their ports.
node "$here/peers.js" "$certs" >"$work/ports.json" &
pids+=($!)
for _ in $(seq 100); do [[ -s "$work/ports.json" ]] && break; sleep 0.1; done
node "$here/resolve.js" "$work/ports.json" "$work/cases.json"

# workerd: the worker, with a network service that reaches loopback and trusts the test root.
port="$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
cp "$here/worker.js" "$here/helpers.js" "$here/more-kinds.js" "$here/third-kinds.js" "$work/"
cp "$certs/root.pem" "$work/root.pem"
cat >"$work/config.capnp" <<CAPNP
using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "internet", network = (allow = ["public", "private", "local"],
      tlsOptions = (trustBrowserCas = true, trustedCertificates = [embed "root.pem"]))),
  ],
  sockets = [(name = "http", address = "127.0.0.1:$port", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "helpers.js", esModule = embed "helpers.js"),
    (name = "more-kinds.js", esModule = embed "more-kinds.js"),
    (name = "third-kinds.js", esModule = embed "third-kinds.js"),
  ],
  compatibilityDate = "2025-09-01",
  globalOutbound = "internet",
);
CAPNP
"$workerd" serve "$work/config.capnp" >"$work/workerd.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
node "$here/run-workerd.js" "http://127.0.0.1:$port/" "$work/cases.json" "$work/workerd.json"

# WorkerSockets: the same cases through the driver.
dotnet run -c Release --project "$here/Driver/Driver.csproj" -- "$work/cases.json" "$certs/root.pem" "$work/ours.json"

node "$here/compare.js" "$work/cases.json" "$work/workerd.json" "$work/ours.json" ${markdown:+"$markdown"}
