#!/usr/bin/env bash
# The planner benchmarks: TPE speed with 100 to 50,000 trials of history (store read included),
# then search quality (random, our TPE and Optuna's TPE on eight test functions, one at a time, in
# batches of 4 and 16 and with 4 and 16 workers as the loop asks, with paired tests per seed and a
# per-mode summary under each table).
# Optuna's side takes nearly all the time (about 9 minutes for 20 seeds on an idle core, workers included; ours, about a minute): keep
# its runs once with --save-optuna FILE and compare planner changes against them with --optuna-results FILE.
# Optuna comes from Debian: apt-get install -y python3-optuna (skipped, with the reason, if missing).
#   bench/run-planner-benches.sh [extra options for search-quality, e.g. --seeds 10, --planners tpe,tpe-froml]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./nightshift bench tpe-speed
echo
./nightshift bench search-quality "$@"
