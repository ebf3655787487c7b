#!/usr/bin/env bash
# Wall time of the shipped digits example (search-spaces/digits-mlp.yaml: 20 trials) run by
# `liandan sweep --workers W`, for each W given (default: 1 2), RUNS times each (default 3);
# prints each run and the median per W. Build first: mvn -B -ntp -q package -DskipTests
#   bench/workers.sh            # RUNS=3, W in 1 2
#   RUNS=1 bench/workers.sh 1 2 4
#   TRIALS=6 bench/workers.sh   # fewer trials of the same space (a loaded machine)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
trials=()
[ -n "${TRIALS:-}" ] && trials=(--trials "$TRIALS")
counts=("$@")
[ ${#counts[@]} -eq 0 ] && counts=(1 2)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "# $(date -u +%FT%TZ) nproc=$(nproc) $(java -version 2>&1 | head -n 1)"
echo "# load before: $(uptime | sed 's/.*load average/load average/')"
# runs outer, worker counts inner: a change of the machine's load hits every count alike
declare -A times
for r in $(seq "$runs"); do
  for w in "${counts[@]}"; do
    rm -rf "$tmp/results"
    start=$(date +%s.%N)
    java -jar target/liandan.jar sweep search-spaces/digits-mlp.yaml --results "$tmp/results" --workers "$w" "${trials[@]}" \
      > "$tmp/log" 2>&1 || { cat "$tmp/log"; exit 1; }
    end=$(date +%s.%N)
    t=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
    times[$w]="${times[$w]:-} $t"
    echo "workers=$w run=$r wall_s=$t ($(grep -o '[0-9]* of [0-9]* trials finished' "$tmp/log")) load: $(cut -d' ' -f1-3 /proc/loadavg)"
  done
done
for w in "${counts[@]}"; do
  median=$(printf '%s\n' ${times[$w]} | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
  echo "workers=$w median_wall_s=$median runs=$runs (all:${times[$w]})"
done
echo "# load after: $(uptime | sed 's/.*load average/load average/')"
