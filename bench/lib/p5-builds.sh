# Shared by bench/p5-analyzers.sh and bench/p5-compare.sh (sourced, not run): the compiler server's CPU time, and the
# statistics both print.

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

# a ÷ n, four decimals.
ratio() { awk -v a="$1" -v n="$2" 'BEGIN { printf "%.4f", a / n }'; }

# The median of the arguments.
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# "median (25th–75th percentile, min–max)" of the arguments.
spread() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } function q(p,  i) { i = 1 + p * (NR - 1); return v[int(i)] + (i - int(i)) * (v[int(i) + 1] - v[int(i)]) }
    END { printf "%.3f (%.3f–%.3f, %.3f–%.3f)", q(0.5), q(0.25), q(0.75), v[1], v[NR] }'; }
