#!/usr/bin/env bash
# Goal: `locksim` behaves as its help says from the outside: exit codes 0/1/2, clear errors for
# bad input, a JSON-lines trace, and a replay command that really replays the run.
# Usage: cli_test.sh path/to/locksim
set -u
locksim=$1
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failures=0

expect_exit() {  # expect_exit CODE DESCRIPTION -- COMMAND...
  local expected=$1 description=$2
  shift 3
  "$@" >"$scratch/out" 2>"$scratch/err"
  local actual=$?
  if [[ $actual -ne $expected ]]; then
    echo "FAIL: $description: exit $actual, expected $expected"; cat "$scratch/out" "$scratch/err"
    failures=$((failures + 1))
  fi
}

expect_text() {  # expect_text FILE TEXT DESCRIPTION
  if ! grep -qF -- "$2" "$scratch/$1"; then
    echo "FAIL: $3: '$2' not in $1:"; cat "$scratch/$1"
    failures=$((failures + 1))
  fi
}

expect_exit 0 "top-level help" -- "$locksim" --help
expect_text out "simulate" "help lists simulate"
expect_exit 0 "simulate help" -- "$locksim" simulate --help
for flag in --algorithm --clients --servers --seed --duration --ttl --faults --check \
            --request-timeout --trace; do
  expect_text out "$flag" "simulate --help describes $flag"
done

expect_exit 0 "list algorithms" -- "$locksim" list algorithms
algorithms="setnx-del setnx-expire getset-naive getset set-nx-px-del set-nx-px-get-del set-nx-px
  fenced redlock redlock-redsync redlock-node redlock-redisson watchdog"
for algorithm in $algorithms; do
  expect_text out "$algorithm" "list algorithms names $algorithm"
done
for algorithm in $algorithms; do
  expect_exit 0 "simulate runs $algorithm" -- "$locksim" simulate --algorithm "$algorithm" \
    --duration 5s
done
expect_exit 0 "list faults" -- "$locksim" list faults
for profile in none crash gc-pause clock-drift clock-jump slow-network partition \
               restart-volatile restart-everysec restart-always restart-delayed failover chaos; do
  expect_text out "$profile" "list faults names $profile"
done
expect_text out "max=2s" "list faults shows parameters with their defaults"
expect_exit 2 "unknown fault profile" -- "$locksim" simulate --faults gc-pause,solar-flare
expect_text err "unknown fault profile 'solar-flare'" "unknown profile message"
expect_exit 2 "unknown profile parameter" -- "$locksim" simulate --faults gc-pause:length=3s
expect_text err "has no parameter 'length' (it has: every max)" "unknown parameter message"
expect_exit 2 "conflicting profiles" -- "$locksim" simulate --faults restart-always,failover
expect_text err "sets what another selected profile already sets" "conflict message"
expect_exit 2 "extension after the lease" -- "$locksim" simulate --algorithm redlock-gem \
  --ttl 1s --extend-before 1s
expect_text err "--extend-before: must be shorter than the ttl (1s), got 1s" "extend-before message"
expect_exit 2 "unknown algorithm parameter" -- "$locksim" simulate --algorithm redlock:tris=5
expect_text err "algorithm 'redlock' has no parameter 'tris' (it has: tries server-timeout" \
  "unknown algorithm parameter message"
expect_exit 0 "algorithm parameters and workload flags" -- "$locksim" simulate \
  --algorithm redlock:tries=2:server-timeout=20ms --work 50ms --idle 10ms --retry-delay 5ms \
  --duration 2s
expect_text out "redlock:tries=2:server-timeout=20ms" "the summary names the parameters"
expect_exit 2 "unknown invariant" -- "$locksim" simulate --check mutex,fairness
expect_text err "unknown name 'fairness'" "unknown invariant message"
# A violation of an invariant left out of --check is reported but does not decide the exit.
expect_exit 0 "unchecked violation" -- "$locksim" simulate --algorithm set-nx-px --seed 7 \
  --faults gc-pause --check ttl,liveness
expect_text out "VIOLATION mutex (not checked)" "unchecked violation still reported"
expect_text out "happens-before: c2 and c1 were in causally concurrent critical sections" \
  "simulate relates the two holders of a violation"
# Every violation, not only mutual exclusion, comes with the clients' clocks and the steps.
expect_text out "VIOLATION resource" "the resource violation of seed 7"
expect_text out "    c1  running holds nothing; its monotonic clock reads 11.106129s" \
  "a violation shows the involved clients' state and clocks"
expect_text out "    t=11.106129s  c1      write     unfenced" "a violation shows the steps before it"
# A stale write under fencing names what set the counter back, from the run itself.
expect_exit 1 "fenced under restart-everysec" -- "$locksim" simulate --algorithm fenced --seed 28 \
  --faults restart-everysec
expect_text out "fencing: c1's section (begun t=40.410835s) drew token 122, which c3's (begun t=40.092189s) already had: r1 crashed at t=40.374948s and restarted at t=40.382177s" \
  "a reused fencing token is traced to the restart that lost the counter's increments"
# One name per invariant, the one --check takes, and the violations in true-time order (this
# run's quorum violation at 8.5s comes before its mutex one at 40.4s).
grep '^VIOLATION' "$scratch/out" | sed 's/^VIOLATION \([a-z-]*\).*/\1/' \
  | grep -vxE 'mutex|resource|foreign-release|ttl|liveness|quorum' \
  && { echo "FAIL: a violation under a name --check does not take"; failures=$((failures + 1)); }
grep -q 'mutual-exclusion' "$scratch/out" \
  && { echo "FAIL: simulate calls mutex mutual-exclusion"; failures=$((failures + 1)); }
grep '^VIOLATION' "$scratch/out" | sed 's/.*(step \([0-9]*\))$/\1/' | sort -n -c 2>/dev/null \
  || { echo "FAIL: violations out of time order:"; grep '^VIOLATION' "$scratch/out"; \
       failures=$((failures + 1)); }
# The replay names --servers only for a multi-server lock, or when it was given.
expect_text out "replay: $locksim simulate --algorithm fenced --clients 3 --duration 60s" \
  "no --servers in the replay of a one-server lock"
expect_exit 1 "redlock under gc-pause" -- "$locksim" simulate --algorithm redlock --seed 1 \
  --faults gc-pause --check mutex
expect_text out "--algorithm redlock --clients 3 --servers 5 --duration" "Redlock's replay names its servers"
expect_exit 1 "fenced with --servers given" -- "$locksim" simulate --algorithm fenced --seed 28 \
  --faults restart-everysec --servers 3
expect_text out "--algorithm fenced --clients 3 --servers 3 --duration" "a given --servers is replayed"
expect_exit 2 "list without what" -- "$locksim" list

expect_exit 2 "no subcommand" -- "$locksim"
expect_exit 2 "unknown flag" -- "$locksim" simulate --bogus 1
expect_exit 2 "duration without unit" -- "$locksim" simulate --ttl 1000
expect_text err "--ttl: '1000' needs a unit" "unitless duration message"
expect_exit 2 "bad duration" -- "$locksim" simulate --duration soon
expect_text err "--duration: 'soon' is not a duration" "bad duration message"
expect_exit 2 "several bad values at once" -- "$locksim" simulate --ttl 1x --faults gc-pause:max=2y
expect_text err "--ttl" "first of several errors"
expect_text err "--faults: gc-pause:max" "second of several errors"
expect_exit 2 "sub-millisecond ttl" -- "$locksim" simulate --ttl 1500us
expect_exit 2 "unknown algorithm" -- "$locksim" simulate --algorithm redlox
expect_text err "unknown algorithm 'redlox'" "unknown algorithm message"
expect_exit 2 "non-numeric seed" -- "$locksim" simulate --seed seven
expect_exit 2 "zero clients" -- "$locksim" simulate --clients 0

expect_exit 0 "safe run" -- "$locksim" simulate --seed 3 --duration 5s
expect_text out "violations      0     mutex" "safe run summary"

expect_exit 1 "README run finds a violation" -- "$locksim" simulate --algorithm set-nx-px \
  --clients 3 --duration 60s --seed 7 --ttl 1s --faults gc-pause --trace "$scratch/trace.jsonl"
expect_text out "VIOLATION mutex: " "violation headline"
expect_text out "  c1 and c2 both believe they hold the lock" "the overlap's holders"
expect_text out "true-time interval" "violation interval"
expect_text out "replay: " "replay command"
head -1 "$scratch/trace.jsonl" | grep -q '^{"t_us":' \
  || { echo "FAIL: trace is not JSON lines"; failures=$((failures + 1)); }

# The printed replay command must reproduce the same run.
hash=$(grep 'trace hash' "$scratch/out")
replay=$(sed -n 's/^  replay: //p' "$scratch/out")
eval "$replay" >"$scratch/replayed" 2>&1
grep -qF -- "$hash" "$scratch/replayed" \
  || { echo "FAIL: replay '$replay' gave another hash"; failures=$((failures + 1)); }

# compare: the same reports for any number of threads.
for jobs in 1 2; do
  expect_exit 0 "compare with $jobs job(s)" -- "$locksim" compare --seeds 3 --duration 10s \
    --algorithms set-nx-px,redlock,fenced --profiles none,gc-pause,chaos --jobs "$jobs" \
    --out "$scratch/compare$jobs"
done
cmp -s "$scratch/compare1/comparison.md" "$scratch/compare2/comparison.md" \
  && cmp -s "$scratch/compare1/comparison.json" "$scratch/compare2/comparison.json" \
  || { echo "FAIL: compare reports differ between --jobs 1 and 2"; failures=$((failures + 1)); }
grep -qF "| fenced | gc-pause |" "$scratch/compare1/comparison.md" \
  || { echo "FAIL: compare report lacks a pair"; failures=$((failures + 1)); }
expect_exit 2 "compare with an unknown algorithm" -- "$locksim" compare --algorithms redlox

# run: scenario files. The catalog's own run is a test of its own (scenario_catalog).
scenarios=$(dirname "$0")/../scenarios
c04=$scenarios/c04-set-nx-px-plain-del.toml
expect_exit 0 "run a catalog scenario" -- "$locksim" run "$c04"
expect_text out "PASS  $c04  violated: mutex, foreign-release" "run prints one line per scenario"
expect_exit 0 "run --causality" -- "$locksim" run --causality "$scenarios/c09-failover-loses-the-lock.toml"
expect_text out "mutex: c1 and c2 were in causally concurrent critical sections" \
  "run --causality relates the two holders"
expect_text out "no lock command of either happens before the other's acquisition" \
  "a failover that lost the lock leaves no causal link"
# The expectation turned to its opposite: exit 1, and the line says what differed.
sed 's/^violated = \["mutex", "foreign-release"\]/violated = []/' "$c04" >"$scratch/flipped.toml"
expect_exit 1 "run a scenario whose expectation is wrong" -- "$locksim" run "$scratch/flipped.toml"
expect_text out "expected violated: none; the run violated: mutex, foreign-release" \
  "a failed expectation says what differed"
# A malformed file: exit 2 with file:line:col, and the good file beside it still runs.
printf 'name = "typo"\n[[client]]\nname = "A"\nalgoritm = "set-nx-px"\n' >"$scratch/typo.toml"
expect_exit 2 "run a malformed scenario" -- "$locksim" run "$scratch/typo.toml" "$c04"
expect_text err "$scratch/typo.toml:4:1: error: unknown key 'algoritm' in [[client]]; did you mean 'algorithm'?" \
  "errors are file:line:col with a suggestion"
expect_text out "PASS  $c04" "the well-formed file still runs"
# Every file of the malformed corpus: exit 2 and, on stderr, the error its first line announces.
for bad in "$(dirname "$0")"/data/malformed/*.toml; do
  expect_exit 2 "malformed $(basename "$bad")" -- "$locksim" run "$bad"
  expect_text err "$bad:$(sed -n '1s/^# expect: \([0-9]*:[0-9]*\): /\1: error: /p' "$bad")" \
    "the error announced by $(basename "$bad")"
done
for format in text mermaid svg; do
  expect_exit 0 "run --diagram $format" -- "$locksim" run "$c04" --diagram "$format" \
    --out "$scratch/diagrams"
done
expect_text diagrams/c04-set-nx-px-plain-del.txt "VIOLATION mutex" "text diagram marks the violation"
expect_text diagrams/c04-set-nx-px-plain-del.mmd "sequenceDiagram" "mermaid diagram"
expect_text diagrams/c04-set-nx-px-plain-del.svg "</svg>" "svg diagram"
expect_exit 2 "svg needs --out" -- "$locksim" run "$c04" --diagram svg
awk 'length > 100 { exit 1 }' "$scratch/diagrams/c04-set-nx-px-plain-del.txt" \
  || { echo "FAIL: text diagram wider than 100 columns"; failures=$((failures + 1)); }

# simulate --save-scenario: the saved file replays to the run's trace hash.
expect_exit 0 "simulate --save-scenario" -- "$locksim" simulate --algorithm redlock --seed 3 \
  --faults chaos --duration 5s --save-scenario "$scratch/saved.toml"
hash=$(sed -n 's/^  trace hash *//p' "$scratch/out")
expect_exit 0 "run a saved scenario" -- "$locksim" run "$scratch/saved.toml"
expect_text out "trace $hash" "the saved scenario replays to the same trace hash"

if [[ $failures -gt 0 ]]; then echo "$failures CLI checks failed"; exit 1; fi
echo "all CLI checks passed"
