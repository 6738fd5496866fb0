# Shared by bench/p5-analyzers.sh and bench/p5-compare.sh (sourced, not run).

# CPU time (ms, user + system) of every compiler server process (VBCSCompiler) so far: the difference around one build
# is that build's own CPU time, steadier than its wall time on a shared machine.
server_cpu_ms() {
    local total=0 pid
    for pid in $(pgrep -f VBCSCompiler || true); do
        [[ -r /proc/$pid/stat ]] || continue
        total=$(( total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat") ))
    done
    echo $(( total * 1000 / $(getconf CLK_TCK) ))
}
