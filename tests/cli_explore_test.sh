#!/usr/bin/env bash
# Goal: the drivers that run many simulations — sweep, threshold, fuzz — behave as their help
# says from the outside: the same results on any number of jobs and shards, resumable, exit 1
# with a replayable case, exit 2 on bad input.
# Usage: cli_explore_test.sh path/to/locksim
source "$(dirname "${BASH_SOURCE[0]}")/cli_helpers.sh" "$1"

# locksim sweep: the same results for --jobs 1 and 2, for shards merged, and for a run killed
# with SIGKILL and resumed; a spec file; bad input exits 2.
sweep=(--algorithms set-nx-px,set-nx-px-del --faults gc-pause --vary "gc-pause:max=500ms,1500ms"
       --vary ttl=500ms,1s --seeds 8 --duration 10s)
expect_exit 0 "sweep on one job" -- "$locksim" sweep "${sweep[@]}" --jobs 1 --out "$scratch/sw1"
expect_exit 0 "sweep on two jobs" -- "$locksim" sweep "${sweep[@]}" --jobs 2 --out "$scratch/sw2"
for part in 1 2 3; do
  expect_exit 0 "sweep shard $part/3" -- "$locksim" sweep "${sweep[@]}" --shard "$part/3" \
    --out "$scratch/sw-shard$part"
done
expect_exit 0 "merge the shards" -- "$locksim" merge "$scratch"/sw-shard{1,2,3} \
  --out "$scratch/sw-merged"
# The README's GNU parallel invocation, four shards at once, merged.
expect_exit 0 "four shards under GNU parallel" -- parallel --will-cite "$locksim" sweep \
  "${sweep[@]}" --shard {}/4 --out "$scratch/sw-par/{}" ::: 1 2 3 4
expect_exit 0 "merge the parallel shards" -- "$locksim" merge "$scratch"/sw-par/{1,2,3,4} \
  --out "$scratch/sw-par-merged"
expect_exit 2 "merge refuses missing shards" -- "$locksim" merge "$scratch"/sw-shard{1,2} \
  --out "$scratch/sw-half"
expect_text err "hold 43 of the sweep's 64 runs" "merge says how many runs are missing"
for file in results.csv results.json results.md results.html runs.jsonl sweep.json; do
  for other in sw2 sw-merged sw-par-merged; do
    cmp -s "$scratch/sw1/$file" "$scratch/$other/$file" \
      || { echo "FAIL: sweep's $file differs between sw1 and $other"; failures=$((failures + 1)); }
  done
done
[[ $(grep -c '' "$scratch/sw1/results.csv") == $((1 + 8 * 6)) ]] \
  || { echo "FAIL: results.csv has not a row per point and invariant"; failures=$((failures + 1)); }
long=(--algorithms set-nx-px --faults gc-pause --seeds 400 --duration 20s --jobs 1)
"$locksim" sweep "${long[@]}" --out "$scratch/sw-whole" >/dev/null 2>&1
"$locksim" sweep "${long[@]}" --out "$scratch/sw-killed" >/dev/null 2>&1 &
sweeper=$!
for _ in $(seq 1 100); do  # until some, not all, runs are recorded
  [[ $(wc -l <"$scratch/sw-killed/runs.jsonl" 2>/dev/null || echo 0) -ge 20 ]] && break
  sleep 0.05
done
kill -9 "$sweeper"; wait "$sweeper" 2>/dev/null
recorded=$(grep -c '' "$scratch/sw-killed/runs.jsonl")
[[ $recorded -gt 0 && $recorded -lt 400 && ! -e "$scratch/sw-killed/results.csv" ]] \
  || { echo "FAIL: the sweep was not killed mid-way ($recorded runs recorded)"; failures=$((failures + 1)); }
expect_exit 0 "a killed sweep resumes" -- "$locksim" sweep "${long[@]}" --out "$scratch/sw-killed"
expect_text err "already done" "the resumed sweep says what was done"
for file in results.csv results.json results.md results.html runs.jsonl; do
  cmp -s "$scratch/sw-whole/$file" "$scratch/sw-killed/$file" \
    || { echo "FAIL: the resumed sweep's $file differs"; failures=$((failures + 1)); }
done
expect_exit 2 "sweep refuses another sweep's directory" -- "$locksim" sweep \
  --algorithms set-nx-px --seeds 5 --out "$scratch/sw-killed"
expect_text err "holds another sweep" "sweep says the directory holds another sweep"
cat >"$scratch/spec.toml" <<'TOML'
algorithms = ["set-nx-px", "set-nx-px-del"]
faults = "gc-pause"
duration = "10s"
seeds = 8
[workload]
clients = 3
[vary]
"gc-pause:max" = "500ms,1500ms"
ttl = ["500ms", "1s"]
TOML
expect_exit 0 "sweep a spec file" -- "$locksim" sweep "$scratch/spec.toml" --out "$scratch/sw-spec"
cmp -s "$scratch/sw1/results.csv" "$scratch/sw-spec/results.csv" \
  || { echo "FAIL: the spec file and the flags give other results"; failures=$((failures + 1)); }
printf 'faults = "gc-pause"\n[vary]\nttl = "5s..1s step 1s"\n' >"$scratch/bad-spec.toml"
expect_exit 2 "sweep refuses a bad spec file" -- "$locksim" sweep "$scratch/bad-spec.toml"
expect_text err "bad-spec.toml:3:7: error: '5s..1s step 1s' runs backwards" \
  "a bad spec file's error says file:line:col"
expect_exit 2 "sweep refuses an axis it cannot vary" -- "$locksim" sweep --vary color=red \
  --out "$scratch/sw-bad"
expect_text err "cannot vary 'color'" "sweep names the axis"
expect_exit 2 "sweep refuses a profile parameter of a profile not chosen" -- "$locksim" sweep \
  --vary gc-pause:max=1s --out "$scratch/sw-bad"
expect_text err "the fault profile 'gc-pause' is not among --faults (none)" \
  "sweep says the profile is missing"

# locksim threshold: a crossing with the samples on either side; bad input exits 2.
expect_exit 0 "threshold finds where set-nx-px's mutex rate crosses 10%" -- "$locksim" threshold \
  --algorithm set-nx-px --faults gc-pause --vary gc-pause:max --from 100ms --to 3s \
  --invariant mutex --rate 10% --duration 20s --grid 4 --seeds-most 100
expect_text out "crossing: the mutex rate rises above 10% between" "threshold prints the interval"
expect_exit 2 "threshold refuses a rate that is not a percentage" -- "$locksim" threshold \
  --faults gc-pause --vary gc-pause:max --from 1s --to 2s --rate 10
expect_text err "--rate: takes a percentage between 0 and 100" "threshold names the bad rate"

# locksim fuzz: exit 1 with the shrunk case (2 clients, 1 pause) as a scenario that locksim run
# replays and JUnit XML with one failure; exit 0 when every case passes; the same bytes for the
# same seed; exit 2 on bad input.
expect_exit 1 "fuzz finds set-nx-px-del's race under pauses" -- "$locksim" fuzz \
  --algorithm set-nx-px-del --faults gc-pause --seed 1 --junit "$scratch/fuzz/j.xml" \
  --out "$scratch/fuzz"
fuzzed="$scratch/fuzz/fuzz-set-nx-px-del-mutex.toml"
expect_text out "replay              $locksim run $fuzzed" "fuzz prints the replay command"
[[ $(grep -c '^\[\[client\]\]' "$fuzzed") == 2 && $(grep -c '^pause = ' "$fuzzed") == 1 &&
   $(grep -c '^\[\[timeline\]\]' "$fuzzed") == 1 ]] \
  || { echo "FAIL: the shrunk case is not 2 clients and 1 pause"; failures=$((failures + 1)); }
[[ -s "$scratch/fuzz/fuzz-set-nx-px-del-mutex.txt" ]] \
  || { echo "FAIL: fuzz drew no diagram of the shrunk case"; failures=$((failures + 1)); }
expect_exit 0 "the shrunk case replays" -- "$locksim" run "$fuzzed"
expect_text out "violated: mutex" "its scenario file replays to the mutex violation"
xmllint --noout "$scratch/fuzz/j.xml" \
  && [[ $(xmllint --xpath 'count(//testsuite/testcase/failure)' "$scratch/fuzz/j.xml") == 1 ]] \
  || { echo "FAIL: fuzz's JUnit XML is not well-formed with one failure"; failures=$((failures + 1)); }
"$locksim" fuzz --algorithm set-nx-px-del --faults gc-pause --seed 1 --out "$scratch/fuzz-again" \
  >/dev/null 2>&1
cmp -s "$fuzzed" "$scratch/fuzz-again/fuzz-set-nx-px-del-mutex.toml" \
  || { echo "FAIL: fuzz wrote other bytes for the same seed"; failures=$((failures + 1)); }
expect_exit 1 "fuzz takes a list of algorithms" -- "$locksim" fuzz \
  --algorithm set-nx-px-del,fenced --faults gc-pause --check mutex,resource --shrink-runs 100 \
  --junit "$scratch/fuzz-two/j.xml" --out "$scratch/fuzz-two"
[[ $(xmllint --xpath 'count(//testcase)' "$scratch/fuzz-two/j.xml") == 4 ]] \
  || { echo "FAIL: fuzz's JUnit XML has not a test case per algorithm and invariant"
       failures=$((failures + 1)); }
expect_exit 0 "fuzz passes fenced's resource under pauses and crashes" -- "$locksim" fuzz \
  --algorithm fenced --faults gc-pause,crash --check resource --runs 300 --seed 1
expect_text out "PASSED: 300 cases" "fuzz says how many cases passed"
expect_exit 2 "fuzz refuses a zero run length" -- "$locksim" fuzz --max-duration 0s
expect_text err "--max-duration" "fuzz names the bad flag"
expect_exit 2 "fuzz refuses an unknown invariant" -- "$locksim" fuzz --check mutx
expect_exit 2 "fuzz refuses a bad RC_PARAMS only when asked to read it" -- \
  env RC_PARAMS="seed=x" "$locksim" fuzz --rc-params
expect_exit 0 "fuzz ignores RC_PARAMS unless asked" -- env RC_PARAMS="seed=x" "$locksim" fuzz \
  --algorithm fenced --check resource --runs 10

finish "sweep, threshold and fuzz CLI"
