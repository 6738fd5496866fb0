#!/usr/bin/env bash
# P5: the WSK analyzers' share of compile time on a generated 1,000-file project, beside CA2000 on the same code.
#
# Writes the project (bench/WorkerSockets.CompileBench generate), builds the analyzers, generator and runtime once,
# then compiles the project twice with -p:ReportAnalyzer=true — A: as shipped (WSK analyzers + generator), B: with CA2000
# on as well — and reads from each detailed log the Csc task's time, every analyzer's time and the generators' time.
#
# Usage: bench/p5-analyzers.sh            env: FILES=1000 OUT=/tmp/ws-p5 NO_BINDINGS= REPEAT=10 COLD_REPEAT=0 IN_PROCESS=1 KEEP_SERVER=
# KEEP_SERVER=1 never shuts the compiler server down (on a machine shared with other builds); "A cold" is then not cold.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
files="${FILES:-1000}"
out="${OUT:-/tmp/ws-p5}"
repeat="${REPEAT:-10}"
log() { printf '[p5] %s\n' "$*" >&2; }
# Only the compiler server (VBCSCompiler) that these builds start, never MSBuild or Razor nodes.
shutdown_server() { [[ -n "${KEEP_SERVER:-}" ]] || dotnet build-server shutdown --vbcscompiler >/dev/null 2>&1 || true; }

log "building the tools, analyzers, generator and runtime (Release)"
dotnet build "$repo/bench/WorkerSockets.CompileBench/WorkerSockets.CompileBench.csproj" -c Release -v:q -nologo >/dev/null
for project in runtime/WorkerSockets/WorkerSockets.csproj analyzers/WorkerSockets.Analyzers/WorkerSockets.Analyzers.csproj \
               generator/WorkerSockets.Generators/WorkerSockets.Generators.csproj; do
    dotnet build "$repo/$project" -c Release -v:q -nologo >/dev/null
done

gen_args=(generate --out "$out" --repo "$repo" --files "$files")
[[ -n "${NO_BINDINGS:-}" ]] && gen_args+=(--no-bindings)
dotnet "$repo/bench/WorkerSockets.CompileBench/bin/Release/net10.0/WorkerSockets.CompileBench.dll" "${gen_args[@]}" >&2
dotnet restore "$out/Bench.App.csproj" -v:q -nologo >/dev/null

compile() { # log-file extra-msbuild-args...
    local log_file="$1"; shift
    # -t:Rebuild of this project only: the references are built above and are not part of the measured Csc call.
    # The compiler server on, as a user has it by default (this sandbox's environment turns it off for every build).
    dotnet build "$out/Bench.App.csproj" -c Release --no-restore -t:Rebuild -p:BuildProjectReferences=false \
        -p:UseSharedCompilation=true -p:ReportAnalyzer=true -v:d -nologo -clp:PerformanceSummary "$@" > "$log_file" 2>&1 || {
        log "build failed; errors:"; grep -E ' error ' "$log_file" | sort -u | head -20 >&2; exit 1; }
}

# From one build's log: Csc task ms, then seconds for all analyzers, WSK analyzers, CA2000, all generators, WSK generators.
parse() {
    awk '
        /Task Performance Summary:/ { in_tasks = 1 }
        in_tasks && $3 == "Csc" && $2 == "ms" { csc = $1 }
        /Total analyzer execution time:/ { section = "analyzers"; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9.]+$/) { analyzers = $i; break } }
        /Total generator execution time:/ { section = "generators"; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9.]+$/) { generators = $i; break } }
        # Assembly rows ("   0.123   12   WorkerSockets.Analyzers, Version=...") and rule rows ("      0.1  5   Type (WSK001)").
        /^[ \t]*[0-9.<]+[ \t]+[0-9<]+[ \t]+[A-Za-z]/ {
            t = $1; sub(/</, "", t)
            is_assembly = ($0 ~ /, Version=/)
            if (section == "analyzers" && is_assembly && $3 ~ /^WorkerSockets\.Analyzers,/) wsk += t
            if (section == "analyzers" && !is_assembly && $0 ~ /CA2000/) ca2000 += t
            if (section == "generators" && is_assembly && $3 ~ /^WorkerSockets\.Generators,/) wskgen += t
        }
        END { printf "%s %s %s %s %s %s\n", csc + 0, analyzers + 0, wsk + 0, ca2000 + 0, generators + 0, wskgen + 0 }
    ' "$1"
}

shutdown_server
log "build A (cold): WSK analyzers and generator only, the first build in a new compiler server"
compile "$out/build-wsk-cold.log"
read -r c_csc _ c_wsk _ _ _ <<<"$(parse "$out/build-wsk-cold.log")"
# The server's own code warms up over its first builds (tiered JIT), so two untimed pairs first; then A and C (the same
# project without the WSK analyzers) alternate, swapping which goes first each round, and the medians are compared.
for _ in 1 2; do compile "$out/build-wsk.log"; compile "$out/build-none.log" -p:WithoutWsk=true; done
with_times=(); without_times=()
for round in $(seq 1 "$repeat"); do
    log "round $round/$repeat: build A (WSK analyzers) and build C (no WSK analyzers), compiler server warm"
    if (( round % 2 == 0 )); then
        compile "$out/build-none.log" -p:WithoutWsk=true
        read -r n_csc _ _ _ _ _ <<<"$(parse "$out/build-none.log")"
    fi
    compile "$out/build-wsk.log"
    read -r a_csc a_an a_wsk _ a_gen a_wskgen <<<"$(parse "$out/build-wsk.log")"
    if (( round % 2 == 1 )); then
        compile "$out/build-none.log" -p:WithoutWsk=true
        read -r n_csc _ _ _ _ _ <<<"$(parse "$out/build-none.log")"
    fi
    with_times+=("$a_csc")
    without_times+=("$n_csc")
done
# Optional: the first build in a new compiler server, with and without the WSK analyzers (what a first build waits).
cold_with=(); cold_without=()
for round in $(seq 1 "${COLD_REPEAT:-0}"); do
    log "cold round $round/${COLD_REPEAT}: first build in a new compiler server, with and without the WSK analyzers"
    for variant in with without; do
        shutdown_server
        if [[ $variant == with ]]; then
            compile "$out/build-cold-with.log"; read -r t _ _ _ _ _ <<<"$(parse "$out/build-cold-with.log")"; cold_with+=("$t")
        else
            compile "$out/build-cold-without.log" -p:WithoutWsk=true; read -r t _ _ _ _ _ <<<"$(parse "$out/build-cold-without.log")"; cold_without+=("$t")
        fi
    done
done
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
a_med="$(median "${with_times[@]}")"; n_med="$(median "${without_times[@]}")"
log "build B: the same plus CA2000 (slow: CA2000 runs a dataflow analysis per method)"
compile "$out/build-ca2000.log" -p:WithCa2000=true
read -r b_csc b_an b_wsk b_ca _ _ <<<"$(parse "$out/build-ca2000.log")"

diagnostics="$(grep -oE 'warning (WSK[0-9]+|CA2000)' "$out/build-ca2000.log" | sort | uniq -c | awk '{ printf "%s %s=%s", sep, $3, $1; sep = "," }')"
awk -v files="$files" -v diags="$diagnostics" -v c_csc="$c_csc" -v c_wsk="$c_wsk" -v a_med="$a_med" -v n_med="$n_med" -v with_times="${with_times[*]}" -v cold_with_times="${cold_with[*]}" -v cold_without_times="${cold_without[*]}" -v without_times="${without_times[*]}" -v a_csc="$a_csc" -v a_an="$a_an" -v a_wsk="$a_wsk" -v a_gen="$a_gen" -v a_wskgen="$a_wskgen" \
    -v b_csc="$b_csc" -v b_wsk="$b_wsk" -v b_ca="$b_ca" 'BEGIN {
    printf "\nP5 analyzers on %d generated files (analyzer times are summed over threads; they run concurrently)\n", files
    printf "diagnostics reported:%s\n\n", diags
    printf "| build | Csc task | WSK analyzers | CA2000 | WSK share of compile | WSK / CA2000 |\n|---|---|---|---|---|---|\n"
    printf "| A cold: WSK only, first build in a new server | %.0f ms | %.0f ms | off | %.2f%% | — |\n", c_csc, c_wsk * 1000, c_wsk * 100000 / c_csc
    printf "| A: WSK only, server warm | %.0f ms | %.0f ms | off | %.2f%% | — |\n", a_csc, a_wsk * 1000, a_wsk * 100000 / a_csc
    ratio = (b_ca > 0) ? sprintf("%.3f×", b_wsk / b_ca) : "n/a"
    printf "| B: WSK + CA2000 | %.0f ms | %.0f ms | %.0f ms (%.1f%%) | %.2f%% | %s |\n", b_csc, b_wsk * 1000, b_ca * 1000, b_ca * 100000 / b_csc, b_wsk * 100000 / b_csc, ratio
    printf "\nWhat the WSK analyzers add to the Csc task (the wall time a user waits), %s builds each, alternating:\n", split(with_times, _w, " ")
    printf "  with WSK: %s ms -> median %.0f ms; without: %s ms -> median %.0f ms; difference %.0f ms = %.2f%% of the build without them\n", with_times, a_med, without_times, n_med, a_med - n_med, (a_med - n_med) * 100 / n_med
    if (split(cold_with_times, _c, " ") > 0) {
        printf "First build in a new compiler server, with vs without the WSK analyzers (%d each): with %s ms, without %s ms\n", split(cold_with_times, _c, " "), cold_with_times, cold_without_times
    }
    printf "\ngenerators in build A: all %.0f ms, WorkerSockets.Generators %.0f ms\n", a_gen * 1000, a_wskgen * 1000
    printf "Goal (P5): WSK ≤ 3%% of compile time (build A) and below CA2000 (build B).\n"
}'
log "per-analyzer detail: grep -A40 'Total analyzer execution time' $out/build-wsk.log"

if [[ "${IN_PROCESS:-1}" == "1" ]]; then
    log "in process: the same project, compiled and analysed on one thread (the analyzers' own CPU time, no contention)"
    dotnet "$repo/bench/WorkerSockets.CompileBench/bin/Release/net10.0/WorkerSockets.CompileBench.dll" analyzer-timing --files "$files" --rounds "${ROUNDS:-5}"
fi
