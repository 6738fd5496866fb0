#!/usr/bin/env bash
# P5 before/after: the Csc wall time of the generated project with this tree's WSK analyzers, with a baseline
# revision's WSK analyzers, and with none, built in rotating order so that every variant sees the same load.
#
# Usage: BASELINE=<git rev> bench/p5-compare.sh     env: FILES=1000 REPEAT=10 OUT=/tmp/ws-p5-compare KEEP_SERVER=
# The baseline's analyzers are built from `git archive BASELINE` under another assembly name, so the compiler server
# can hold both at once. Prints each variant's Csc times and medians, and the per-round ratios to the build without WSK.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
baseline="${BASELINE:?set BASELINE to the git revision to compare with}"
files="${FILES:-1000}"
out="${OUT:-/tmp/ws-p5-compare}"
repeat="${REPEAT:-10}"
log() { printf '[p5-compare] %s\n' "$*" >&2; }

rm -rf "$out" && mkdir -p "$out/baseline-tree"
git -C "$repo" archive "$baseline" | tar -x -C "$out/baseline-tree"
# Another assembly name: one compiler server process loads both versions side by side.
sed -i 's#<IsRoslynComponent>true</IsRoslynComponent>#&<AssemblyName>WorkerSockets.Analyzers.Baseline</AssemblyName>#' \
    "$out/baseline-tree/analyzers/WorkerSockets.Analyzers/WorkerSockets.Analyzers.csproj"

log "building the tools, runtime and generator of this tree, and the analyzers of this tree and of $baseline (Release)"
dotnet build "$repo/bench/WorkerSockets.CompileBench/WorkerSockets.CompileBench.csproj" -c Release -v:q -nologo >/dev/null
for tree in "$repo" "$out/baseline-tree"; do
    dotnet build "$tree/analyzers/WorkerSockets.Analyzers/WorkerSockets.Analyzers.csproj" -c Release -v:q -nologo >/dev/null
done
for project in runtime/WorkerSockets/WorkerSockets.csproj generator/WorkerSockets.Generators/WorkerSockets.Generators.csproj; do
    dotnet build "$repo/$project" -c Release -v:q -nologo >/dev/null
done

# The same generated sources twice, each project referencing one tree's analyzers.
bench="$repo/bench/WorkerSockets.CompileBench/bin/Release/net10.0/WorkerSockets.CompileBench.dll"
dotnet "$bench" generate --out "$out/after" --repo "$repo" --files "$files" >&2
dotnet "$bench" generate --out "$out/before" --repo "$out/baseline-tree" --files "$files" >&2
# Only the analyzers differ: the baseline project takes the runtime and the generator from this tree too.
sed -i -e "s#$out/baseline-tree/runtime/#$repo/runtime/#" -e "s#$out/baseline-tree/generator/#$repo/generator/#" "$out/before/Bench.App.csproj"
for variant in after before; do dotnet restore "$out/$variant/Bench.App.csproj" -v:q -nologo >/dev/null; done

# shellcheck source=bench/lib/p5-builds.sh
source "$repo/bench/lib/p5-builds.sh"

compile() { # variant -> prints the Csc task's ms; writes the compiler server's CPU ms for the build to $out/cpu-<variant>
    local cpu_before; cpu_before="$(server_cpu_ms)"
    local variant="$1" project="$out/after/Bench.App.csproj" extra=()
    [[ $variant == before ]] && project="$out/before/Bench.App.csproj"
    [[ $variant == none ]] && extra=(-p:WithoutWsk=true)
    dotnet build "$project" -c Release --no-restore -t:Rebuild -p:BuildProjectReferences=false -p:UseSharedCompilation=true \
        -v:n -nologo -clp:PerformanceSummary "${extra[@]}" > "$out/build-$variant.log" 2>&1 || {
        log "build $variant failed"; grep -E ' error ' "$out/build-$variant.log" | sort -u | head -20 >&2; exit 1; }
    echo $(( $(server_cpu_ms) - cpu_before )) > "$out/cpu-$variant"
    awk '/Task Performance Summary:/ { t = 1 } t && $3 == "Csc" && $2 == "ms" { print $1 }' "$out/build-$variant.log"
}

variants=(none before after)
log "two untimed rounds warm the compiler server"
for _ in 1 2; do for v in "${variants[@]}"; do compile "$v" >/dev/null; done; done
declare -A times=([none]="" [before]="" [after]="") cpu=([none]="" [before]="" [after]="")
ratios_before=(); ratios_after=(); cpu_ratios_before=(); cpu_ratios_after=()
for round in $(seq 1 "$repeat"); do
    declare -A this=() this_cpu=()
    for k in 0 1 2; do
        v="${variants[$(( (k + round) % 3 ))]}"
        this[$v]="$(compile "$v")"
        times[$v]+="${this[$v]} "
        this_cpu[$v]="$(cat "$out/cpu-$v")"
        cpu[$v]+="${this_cpu[$v]} "
    done
    cpu_ratios_before+=("$(ratio "${this_cpu[before]}" "${this_cpu[none]}")")
    cpu_ratios_after+=("$(ratio "${this_cpu[after]}" "${this_cpu[none]}")")
    ratios_before+=("$(ratio "${this[before]}" "${this[none]}")")
    ratios_after+=("$(ratio "${this[after]}" "${this[none]}")")
    log "round $round/$repeat: none ${this[none]} ms, before ${this[before]} ms, after ${this[after]} ms (server CPU ${this_cpu[none]} / ${this_cpu[before]} / ${this_cpu[after]} ms)"
done

echo "P5 compare on $files generated files, $repeat rounds in rotating order (Csc task, ms), baseline $baseline"
for v in "${variants[@]}"; do
    # shellcheck disable=SC2086
    echo "  $v: ${times[$v]}-> median $(median ${times[$v]})"
done
echo "  per-round ratio to none, before: ${ratios_before[*]} -> median $(median "${ratios_before[@]}")"
echo "  per-round ratio to none, after:  ${ratios_after[*]} -> median $(median "${ratios_after[@]}")"
echo "compiler server CPU per build (ms, user + system; the server is shared by the three variants, so this is each build's own):"
for v in "${variants[@]}"; do
    # shellcheck disable=SC2086
    echo "  $v: ${cpu[$v]}-> median $(median ${cpu[$v]})"
done
echo "  per-round CPU ratio to none, before: ${cpu_ratios_before[*]} -> median $(median "${cpu_ratios_before[@]}")"
echo "  per-round CPU ratio to none, after:  ${cpu_ratios_after[*]} -> median $(median "${cpu_ratios_after[@]}")"
