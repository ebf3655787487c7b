#!/usr/bin/env bash
# The MNIST ensemble example (search-spaces/mnist-ensemble.yaml) for each search seed given
# (default: 1 2 3): the sweep (skipped when DIR/results-seed<S> already holds a finished one), the
# validation-only comparison of the ways of choosing (`liandan bench ensemble`), then every way
# built by `liandan ensemble` with its held-out test score. Prints markdown rows.
# Build first: mvn -B -ntp -q package -DskipTests
#   bench/ensemble-mnist.sh                  # seeds 1 2 3, results under /tmp/ens-mnist
#   DIR=/tmp/x bench/ensemble-mnist.sh 4 5
#   SKIP_BENCH=1 bench/ensemble-mnist.sh     # only the test scores of every way
#   SPACE=search-spaces/other.yaml STUDY=other TOP=10 bench/ensemble-mnist.sh   # another library
#   SEEDS_PER_CONFIG=3 RESEED_TOP=5 bench/ensemble-mnist.sh 1
#       # caruana's library grown by the best 5 configurations retrained with 2 new seeds each
#       # (trained by the first `liandan ensemble` run, reused by the others); caruana ways only
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${DIR:-/tmp/ens-mnist}
seeds=("$@")
[ ${#seeds[@]} -eq 0 ] && seeds=(1 2 3)
echo "# $(date -u +%FT%TZ) nproc=$(nproc) $(java -version 2>&1 | head -n 1)"
export OMP_NUM_THREADS=1   # (GNU nproc reports this too: print nproc first)
jar=(java -Xmx1g -jar target/liandan.jar)
space=${SPACE:-search-spaces/mnist-ensemble.yaml}
study=${STUDY:-mnist-ensemble}
top=${TOP:-16}   # candidates: the best TOP trials (16: every trial of the shipped example)
spc=${SEEDS_PER_CONFIG:-1}
reseed=()
[ "$spc" -gt 1 ] && reseed=(--seeds-per-config "$spc" --reseed-top "${RESEED_TOP:-5}")
echo "# library: $space, top $top trials${reseed[*]:+, ${reseed[*]}}"
echo "# load: $(cut -d' ' -f1-3 /proc/loadavg)"
for s in "${seeds[@]}"; do
  r="$dir/results-seed$s"
  if ! [ -f "$r/$study/ensemble/manifest.json" ]; then
    "${jar[@]}" sweep "$space" --seed "$s" --results "$r" > "$dir/sweep-seed$s.log" 2>&1
  fi
  echo "## search seed $s"
  if [ "$spc" -gt 1 ]; then # train the retrained members once, before the validation-only comparison reads them
    "${jar[@]}" ensemble --study "$study" --results "$r" --top "$top" --size 50 "${reseed[@]}" > "$dir/reseed-seed$s.log" 2>&1 \
      || { cat "$dir/reseed-seed$s.log"; exit 1; }
  fi
  [ -z "${SKIP_BENCH:-}" ] && "${jar[@]}" bench ensemble --study "$study" --results "$r" --top "$top" --size 50 --repeats 5 \
    ${reseed[@]+"${reseed[@]}"}
  echo
  echo "| way | members | validation | test | best single val / test | test gain (points) |"
  echo "|---|---|---|---|---|---|"
  run() { # name, ensemble options...
    local name=$1; shift
    "${jar[@]}" ensemble --study "$study" --results "$r" --top "$top" "$@" > "$dir/ensemble-seed$s.log" 2>&1 \
      || { cat "$dir/ensemble-seed$s.log"; exit 1; }
    jq -r --arg n "$name" '"| \($n) | \(.members | length) | \(.metric.validation * 10000 | round / 10000) | \(.metric.test * 10000 | round / 10000) | trial \(.best_single.trial): \(.best_single.validation * 10000 | round / 10000) / \(.best_single.test * 10000 | round / 10000) | \((.metric.test - .best_single.test) * 10000 | round / 100) |"' \
      "$r/$study/ensemble/manifest.json"
  }
  for by in accuracy log_loss; do
    for init in empty sorted; do
      for bags in 1 20; do
        run "caruana select_by=$by init=$init bags=$bags" --method caruana --size 50 --select-by $by --init $init \
          --bags $bags ${reseed[@]+"${reseed[@]}"}
      done
    done
  done
  if [ "$spc" -eq 1 ]; then # the votes take no retrained members
    run "soft_vote" --method soft_vote
    run "soft_vote fitted" --method soft_vote --weights fitted
    run "hard_vote" --method hard_vote
  fi
  # last, the default: the bundle left behind is the one the space file's ensemble section builds
  run "caruana (defaults)" --method caruana --size 50 ${reseed[@]+"${reseed[@]}"}
  echo
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
