#!/usr/bin/env bash
# P5: the WSK analyzers' share of compile time on a generated 1,000-file project, beside CA2000 on the same code.
#
# Writes the project (bench/WorkerSockets.CompileBench generate) and builds the analyzers, generator and runtime once.
# Then the wall time a user waits: the Csc task of builds without -p:ReportAnalyzer, with and without the WSK analyzers,
# in the bench project's setting (AnalysisMode=None) and in the SDK's default one, REPEAT rotating rounds, with the
# compiler server's CPU time per build beside it; reported as per-round ratios with their quartiles and range.
# Then two builds with -p:ReportAnalyzer=true for the shares — A: as shipped (WSK analyzers + generator), B: with CA2000
# on as well — read from each detailed log: the Csc task's time, every analyzer's time and the generators' time.
#
# Usage: bench/p5-analyzers.sh            env: FILES=1000 OUT=/tmp/ws-p5 NO_BINDINGS= REPEAT=12 VARIANTS="wsk none sdk-wsk sdk-none" COLD_REPEAT=0 IN_PROCESS=1 KEEP_SERVER=
# KEEP_SERVER=1 never shuts the compiler server down (on a machine shared with other builds); "A cold" is then not cold.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
files="${FILES:-1000}"
out="${OUT:-/tmp/ws-p5}"
repeat="${REPEAT:-12}"
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

# The wall time a user waits: the Csc task of a build without -p:ReportAnalyzer (the driver's per-callback stopwatches
# slow every analyzer with many callbacks, which a user's build never pays), with and without the WSK analyzers, in two
# settings: the bench project as written (AnalysisMode=None: every SDK rule off, so the WSK analyzers are the only
# operation analyzers) and the SDK's default analysis (what `dotnet new` gives: the default-on CA rules run too).
# The four variants rotate, so each sees the same load; the compiler server's CPU time per build is read beside it.
# shellcheck source=bench/lib/p5-builds.sh
source "$repo/bench/lib/p5-builds.sh"
timed() { # variant -> prints "Csc-ms server-cpu-ms"
    local variant="$1" extra=() cpu_before
    case "$variant" in
        wsk) ;;
        none) extra=(-p:WithoutWsk=true) ;;
        sdk-wsk) extra=(-p:AnalysisMode=Default) ;;
        sdk-none) extra=(-p:AnalysisMode=Default -p:WithoutWsk=true) ;;
    esac
    cpu_before="$(server_cpu_ms)"
    dotnet build "$out/Bench.App.csproj" -c Release --no-restore -t:Rebuild -p:BuildProjectReferences=false \
        -p:UseSharedCompilation=true -v:n -nologo -clp:PerformanceSummary "${extra[@]}" > "$out/timed-$variant.log" 2>&1 || {
        log "build $variant failed; errors:"; grep -E ' error ' "$out/timed-$variant.log" | sort -u | head -20 >&2; exit 1; }
    echo "$(awk '/Task Performance Summary:/ { t = 1 } t && $3 == "Csc" && $2 == "ms" { print $1 }' "$out/timed-$variant.log") $(( $(server_cpu_ms) - cpu_before ))"
}
# VARIANTS="sdk-wsk sdk-none" times one pair only, for many more rounds in the same time.
read -r -a variants <<<"${VARIANTS:-wsk none sdk-wsk sdk-none}"
has() { [[ " ${variants[*]} " == *" $1 "* ]]; }
# The server's own code warms up over its first builds (tiered JIT): two untimed rounds first.
for _ in 1 2; do for v in "${variants[@]}"; do timed "$v" >/dev/null; done; done
declare -A wall=() cpu=()
wall_ratios=(); cpu_ratios=(); sdk_wall_ratios=(); sdk_cpu_ratios=()
for round in $(seq 1 "$repeat"); do
    declare -A this_wall=() this_cpu=()
    for (( k = 0; k < ${#variants[@]}; k++ )); do
        v="${variants[$(( (k + round) % ${#variants[@]} ))]}"
        read -r w c <<<"$(timed "$v")"
        this_wall[$v]="$w"; this_cpu[$v]="$c"; wall[$v]+="$w "; cpu[$v]+="$c "
    done
    if has wsk && has none; then
        wall_ratios+=("$(ratio "${this_wall[wsk]}" "${this_wall[none]}")"); cpu_ratios+=("$(ratio "${this_cpu[wsk]}" "${this_cpu[none]}")")
    fi
    if has sdk-wsk && has sdk-none; then
        sdk_wall_ratios+=("$(ratio "${this_wall[sdk-wsk]}" "${this_wall[sdk-none]}")"); sdk_cpu_ratios+=("$(ratio "${this_cpu[sdk-wsk]}" "${this_cpu[sdk-none]}")")
    fi
    log "round $round/$repeat: Csc ms$(for v in "${variants[@]}"; do printf ' %s %s' "$v" "${this_wall[$v]}"; done)"
done
# Optional: the first build in a new compiler server, with and without the WSK analyzers (what a first build waits).
cold_with=(); cold_without=()
for round in $(seq 1 "${COLD_REPEAT:-0}"); do
    log "cold round $round/${COLD_REPEAT}: first build in a new compiler server, with and without the WSK analyzers"
    for variant in wsk none; do
        shutdown_server
        read -r t _ <<<"$(timed "$variant")"
        if [[ $variant == wsk ]]; then cold_with+=("$t"); else cold_without+=("$t"); fi
    done
done
log "build A (warm, -p:ReportAnalyzer=true): the analyzers' and generators' own times, for the shares below"
compile "$out/build-wsk.log"
read -r a_csc a_an a_wsk _ a_gen a_wskgen <<<"$(parse "$out/build-wsk.log")"
log "build B: the same plus CA2000 (slow: CA2000 runs a dataflow analysis per method)"
compile "$out/build-ca2000.log" -p:WithCa2000=true
read -r b_csc b_an b_wsk b_ca _ _ <<<"$(parse "$out/build-ca2000.log")"

diagnostics="$(grep -oE 'warning (WSK[0-9]+|CA2000)' "$out/build-ca2000.log" | sort | uniq -c | awk '{ printf "%s %s=%s", sep, $3, $1; sep = "," }')"
awk -v files="$files" -v diags="$diagnostics" -v c_csc="$c_csc" -v c_wsk="$c_wsk" -v a_csc="$a_csc" -v a_wsk="$a_wsk" -v a_gen="$a_gen" -v a_wskgen="$a_wskgen" \
    -v b_csc="$b_csc" -v b_wsk="$b_wsk" -v b_ca="$b_ca" 'BEGIN {
    printf "\nP5 analyzers on %d generated files (analyzer times are summed over threads; they run concurrently)\n", files
    printf "diagnostics reported:%s\n\n", diags
    printf "| build (-p:ReportAnalyzer=true) | Csc task | WSK analyzers | CA2000 | WSK share of compile | WSK / CA2000 |\n|---|---|---|---|---|---|\n"
    printf "| A cold: WSK only, first build in a new server | %.0f ms | %.0f ms | off | %.2f%% | — |\n", c_csc, c_wsk * 1000, c_wsk * 100000 / c_csc
    printf "| A: WSK only, server warm | %.0f ms | %.0f ms | off | %.2f%% | — |\n", a_csc, a_wsk * 1000, a_wsk * 100000 / a_csc
    ratio = (b_ca > 0) ? sprintf("%.3f×", b_wsk / b_ca) : "n/a"
    printf "| B: WSK + CA2000 | %.0f ms | %.0f ms | %.0f ms (%.1f%%) | %.2f%% | %s |\n", b_csc, b_wsk * 1000, b_ca * 1000, b_ca * 100000 / b_csc, b_wsk * 100000 / b_csc, ratio
    printf "\ngenerators in build A: all %.0f ms, WorkerSockets.Generators %.0f ms\n", a_gen * 1000, a_wskgen * 1000
}'
# shellcheck disable=SC2086
{
    printf '\nWhat the WSK analyzers add to the Csc task, the wall time a user waits (%s rotating rounds, no ReportAnalyzer):\n' "$repeat"
    for v in "${variants[@]}"; do printf '  %-9s Csc ms: %s-> median %s; server CPU ms: %s-> median %s\n' "$v" "${wall[$v]}" "$(median ${wall[$v]})" "${cpu[$v]}" "$(median ${cpu[$v]})"; done
    printf '  per-round ratio, median (quartiles, min–max):\n'
    if (( ${#sdk_wall_ratios[@]} > 0 )); then
        printf '    SDK default analysis, wsk ÷ none:  wall %s, CPU %s\n' "$(spread "${sdk_wall_ratios[@]}")" "$(spread "${sdk_cpu_ratios[@]}")"
    fi
    if (( ${#wall_ratios[@]} > 0 )); then
        printf '    AnalysisMode=None,    wsk ÷ none:  wall %s, CPU %s\n' "$(spread "${wall_ratios[@]}")" "$(spread "${cpu_ratios[@]}")"
    fi
    if (( ${#cold_with[@]} > 0 )); then
        printf '  first build in a new compiler server (%d each): with %s ms, without %s ms\n' "${#cold_with[@]}" "${cold_with[*]}" "${cold_without[*]}"
    fi
    printf 'Goal (P5): the WSK analyzers add ≤ 3 %% to the Csc wall time, and cost less than CA2000 (build B).\n'
}
log "per-analyzer detail: grep -A40 'Total analyzer execution time' $out/build-wsk.log"

if [[ "${IN_PROCESS:-1}" == "1" ]]; then
    log "in process: the same project, compiled and analysed on one thread (the analyzers' own CPU time, no contention)"
    dotnet "$repo/bench/WorkerSockets.CompileBench/bin/Release/net10.0/WorkerSockets.CompileBench.dll" analyzer-timing --files "$files" --rounds "${ROUNDS:-5}"
fi
