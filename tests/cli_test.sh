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
expect_exit 0 "version" -- "$locksim" --version
grep -qx "locksim [0-9]*\.[0-9]*\.[0-9]* (commit \([0-9a-f]\{7,\}\(-dirty\)\?\|unknown\))" "$scratch/out" \
  || { echo "FAIL: --version does not name the version and commit:"; cat "$scratch/out"; failures=$((failures + 1)); }
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
# The counter workloads: listed after the locks, run by simulate with lost-update checked.
for workload in counter-unlocked counter-watch counter-script; do
  expect_exit 0 "list algorithms names $workload" -- "$locksim" list algorithms
  expect_text out "$workload" "list algorithms names $workload"
done
expect_exit 1 "counter-unlocked loses updates" -- "$locksim" simulate --algorithm counter-unlocked \
  --duration 2s
expect_text out "VIOLATION lost-update" "counter-unlocked's lost update is explained"
expect_exit 0 "lost-update unchecked decides nothing" -- "$locksim" simulate \
  --algorithm counter-unlocked --duration 2s --check mutex
expect_exit 0 "counter-script keeps every increment" -- "$locksim" simulate \
  --algorithm counter-script --duration 2s --check lost-update
expect_exit 2 "the model checker does not run lost-update" -- "$locksim" check \
  --algorithm counter-watch --check lost-update
expect_text err "unknown name 'lost-update'" "check refuses lost-update"
expect_exit 2 "compare keeps to locks" -- "$locksim" compare --algorithms counter-watch \
  --out "$scratch/compare-workload"
expect_exit 2 "sweep refuses a workload it cannot report" -- "$locksim" sweep \
  --algorithms counter-under-set-nx-px --seeds 1 --out "$scratch/sweep-workload"
expect_text err "sweep does not report lost-update yet" "sweep names why"
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
expect_exit 2 "algorithm parameter past its largest" -- "$locksim" simulate \
  --algorithm redlock:resends=5
expect_text err "redlock:resends: at most 3, got 5" "largest parameter message"
# As many masters as --servers takes, for every multi-server preset.
for preset in redlock redlock-redisson; do
  expect_exit 0 "$preset over 64 masters" -- "$locksim" simulate --algorithm "$preset" \
    --servers 64 --clients 3 --duration 2s
done
expect_exit 2 "compare past the widest world" -- "$locksim" compare --algorithms redlock \
  --servers 80 --out "$scratch/too-wide"
expect_exit 2 "a sweep axis past the widest world" -- "$locksim" sweep --algorithms redlock \
  --vary servers=3,70 --seeds 1 --duration 1s --out "$scratch/too-wide"
expect_text err "--servers: at most 64 masters, got 70" "widest world message"
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
expect_exit 2 "unknown command" -- "$locksim" explore
expect_text err "locksim: error: unknown command 'explore' (commands: check, fuzz, compare, simulate, bench, sweep, merge, threshold, redis, run, list)" \
  "an unknown command is named, with the list"
expect_exit 2 "misspelt command" -- "$locksim" --help simulat --seed 3
expect_text err "unknown command 'simulat'; did you mean 'simulate'?" "the nearest command is suggested"
[[ ! -s "$scratch/out" ]] || { echo "FAIL: an unknown command printed help"; failures=$((failures + 1)); }
expect_exit 2 "unknown flag" -- "$locksim" simulate --bogus 1
expect_exit 2 "duration without unit" -- "$locksim" simulate --ttl 1000
expect_text err "--ttl: '1000' needs a unit" "unitless duration message"
expect_exit 2 "bad duration" -- "$locksim" simulate --duration soon
expect_text err "--duration: 'soon' is not a duration" "bad duration message"
# Hours and decimals that are whole microseconds are durations; the rest says what is wrong.
expect_exit 0 "hours and decimals" -- "$locksim" simulate --duration 0.01h --ttl 1.5s --work 0.25s
expect_text out "simulated time  36s" "a decimal hour is read exactly"
expect_exit 2 "unknown unit" -- "$locksim" simulate --duration 2d
expect_text err "--duration: '2d' has an unknown unit 'd' (known: us, ms, s, m or h)" \
  "unknown unit message"
expect_exit 2 "not whole microseconds" -- "$locksim" simulate --work 2.5us
expect_text err "--work: '2.5us' is not a whole number of microseconds" "sub-microsecond message"
expect_exit 2 "too long" -- "$locksim" simulate --duration 9999999999h
expect_text err "--duration: '9999999999h' is too large" "too large message"
expect_exit 2 "negative timeout" -- "$locksim" simulate --request-timeout -1s
expect_text err "--request-timeout: '-1s' must not be negative" "negative duration message"
expect_exit 2 "several bad values at once" -- "$locksim" simulate --ttl 1x --faults gc-pause:max=2y
expect_text err "--ttl" "first of several errors"
expect_text err "--faults: gc-pause:max" "second of several errors"
expect_exit 2 "sub-millisecond ttl" -- "$locksim" simulate --ttl 1500us
expect_exit 2 "unknown algorithm" -- "$locksim" simulate --algorithm redlox
expect_text err "unknown algorithm 'redlox'" "unknown algorithm message"
expect_exit 2 "non-numeric seed" -- "$locksim" simulate --seed seven
expect_text err "--seed: a seed is a whole number from 0 to 9223372036854775807, got 'seven'" \
  "non-numeric seed message"
# A seed is read as written: no wrap-around of negatives, no clamping, no hexadecimal.
for seed in -3 18446744073709551613 99999999999999999999 0x10 +3 ""; do
  expect_exit 2 "seed '$seed'" -- "$locksim" simulate --seed "$seed" --duration 1s
  expect_text err "--seed: a seed is a whole number from 0 to 9223372036854775807, got '$seed'" \
    "seed '$seed' message"
done
expect_exit 0 "the largest seed" -- "$locksim" simulate --seed 9223372036854775807 --duration 1s
expect_exit 2 "negative seed count" -- "$locksim" compare --seeds -3
expect_text err "--seeds: Value -3 not in range 1 to 1000000" "negative seed count message"
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
expect_text out "wrote $scratch/compare2/comparison.md and $scratch/compare2/comparison.json" \
  "compare says where it wrote"
# Apart from the command line each names, the reports are byte-identical.
without_command() { grep -v -e '^Generated by `' -e '^  "command": ' "$1"; }
cmp -s <(without_command "$scratch/compare1/comparison.md") \
       <(without_command "$scratch/compare2/comparison.md") \
  && cmp -s <(without_command "$scratch/compare1/comparison.json") \
            <(without_command "$scratch/compare2/comparison.json") \
  || { echo "FAIL: compare reports differ between --jobs 1 and 2"; failures=$((failures + 1)); }
# Each report names the command that made it and the locksim build: version and commit.
commit='[0-9a-f]\{7,\}\(-dirty\)\?\|unknown'
grep -q "^Generated by \`$locksim compare --seeds 3 --duration 10s --algorithms set-nx-px,redlock,fenced --profiles none,gc-pause,chaos --jobs 1 --out $scratch/compare1\` (locksim [0-9.]*, commit \($commit\))\.\$" \
  "$scratch/compare1/comparison.md" \
  || { echo "FAIL: comparison.md does not name its command and build:"; head -3 "$scratch/compare1/comparison.md"; failures=$((failures + 1)); }
grep -q "^  \"command\": \"$locksim compare --seeds 3 .* --jobs 1 --out $scratch/compare1\",\$" \
  "$scratch/compare1/comparison.json" \
  && grep -q "^    \"commit\": \"\($commit\)\"\$" "$scratch/compare1/comparison.json" \
  || { echo "FAIL: comparison.json does not name its command and build:"; head -7 "$scratch/compare1/comparison.json"; failures=$((failures + 1)); }
grep -qF "| fenced | gc-pause |" "$scratch/compare1/comparison.md" \
  || { echo "FAIL: compare report lacks a pair"; failures=$((failures + 1)); }
expect_exit 2 "compare with an unknown algorithm" -- "$locksim" compare --algorithms redlox
# compare takes the workload flags simulate has, read as simulate reads them.
expect_exit 0 "compare with workload flags" -- "$locksim" compare --seeds 2 --duration 5s \
  --algorithms redlock --profiles none --servers 3 --work 300ms --request-timeout 1s \
  --out "$scratch/compare-workload"
expect_exit 2 "compare refuses an extension past the ttl" -- "$locksim" compare --seeds 1 \
  --extend-before 2s --out "$scratch/compare-bad"
expect_text err "--extend-before: must be shorter than the ttl (1s), got 2s" \
  "compare's workload flags are checked as simulate checks them"
# Where compare writes is checked before it runs: a file, or a directory under a file, is refused
# with nothing run or printed; bad flags leave a new directory unmade.
small_compare=(compare --seeds 1 --duration 1s --algorithms set-nx-px --profiles none)
touch "$scratch/a-file"
expect_exit 2 "compare --out a file" -- "$locksim" "${small_compare[@]}" --out "$scratch/a-file"
expect_text err "locksim compare: error: --out: '$scratch/a-file' is a file, not a directory" \
  "compare --out a file message"
[[ ! -s "$scratch/out" ]] || { echo "FAIL: compare ran before refusing --out"; failures=$((failures + 1)); }
expect_exit 2 "compare --out under a file" -- "$locksim" "${small_compare[@]}" --out "$scratch/a-file/x"
expect_text err "--out: cannot create the directory '$scratch/a-file/x': not a directory" \
  "compare --out under a file message"
mkdir -p "$scratch/taken/comparison.json"
expect_exit 2 "compare --out where a report is a directory" -- "$locksim" "${small_compare[@]}" \
  --out "$scratch/taken"
expect_text err "--out: cannot write '$scratch/taken/comparison.json': is a directory" \
  "a report path that is a directory"
expect_exit 2 "compare with bad flags" -- "$locksim" "${small_compare[@]}" --ttl 1 --out "$scratch/new"
[[ ! -e "$scratch/new" ]] || { echo "FAIL: compare made --out despite bad flags"; failures=$((failures + 1)); }
# The default output directory is said, since in a checkout it is the committed report.
expect_exit 0 "compare help" -- "$locksim" compare --help
expect_text out "(default: reports, in the current directory; from the repository root, the" \
  "compare --help names the default --out"

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
# No [expect] means no violation expected: C-4 without it fails, naming what was violated.
sed '/^\[expect\]/,$d' "$c04" >"$scratch/no-expect.toml"
expect_exit 1 "run a violating scenario without [expect]" -- "$locksim" run "$scratch/no-expect.toml"
expect_text out "FAIL  $scratch/no-expect.toml  violated: mutex, foreign-release" \
  "a scenario without [expect] that violates fails"
expect_text out "expected violated: none (the file lists no 'violated' in [expect]); the run violated: mutex, foreign-release" \
  "a scenario without [expect] says which invariants were violated"
# Without 'violated', the invariants of [[expect.violation]] are the expected ones.
sed '/^violated = /d' "$c04" >"$scratch/no-violated.toml"
expect_exit 0 "run a scenario whose [[expect.violation]] entries name the verdict" -- \
  "$locksim" run "$scratch/no-violated.toml"
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
# A file that cannot be read says why, about the whole file; the readable one still runs.
expect_exit 2 "run a missing file" -- "$locksim" run "$scratch/missing.toml" "$c04"
expect_text err "$scratch/missing.toml: error: no such file" "a missing file says so"
expect_text out "PASS  $c04" "the readable file beside a missing one still runs"
expect_exit 2 "run a directory" -- "$locksim" run "$scratch"
expect_text err "$scratch: error: is a directory" "a directory says so"
if [[ $(id -u) -ne 0 ]]; then  # root reads any file
  printf 'name = "locked"\n' >"$scratch/locked.toml" && chmod 000 "$scratch/locked.toml"
  expect_exit 2 "run an unreadable file" -- "$locksim" run "$scratch/locked.toml"
  expect_text err "$scratch/locked.toml: error: permission denied" "an unreadable file says so"
fi
for format in text mermaid svg; do
  expect_exit 0 "run --diagram $format" -- "$locksim" run "$c04" --diagram "$format" \
    --out "$scratch/diagrams"
done
expect_text diagrams/c04-set-nx-px-plain-del.txt "VIOLATION mutex" "text diagram marks the violation"
expect_text diagrams/c04-set-nx-px-plain-del.mmd "sequenceDiagram" "mermaid diagram"
expect_text diagrams/c04-set-nx-px-plain-del.svg "</svg>" "svg diagram"
expect_exit 2 "svg needs --out" -- "$locksim" run "$c04" --diagram svg
expect_exit 2 "run --diagram --out a file" -- "$locksim" run "$c04" --diagram text --out "$scratch/a-file"
expect_text err "locksim run: error: --out: '$scratch/a-file' is a file, not a directory" \
  "run --out a file message"
[[ ! -s "$scratch/out" ]] || { echo "FAIL: run ran before refusing --out"; failures=$((failures + 1)); }
awk 'length > 100 { exit 1 }' "$scratch/diagrams/c04-set-nx-px-plain-del.txt" \
  || { echo "FAIL: text diagram wider than 100 columns"; failures=$((failures + 1)); }

# simulate --save-scenario: the saved file replays to the run's trace hash.
expect_exit 0 "simulate --save-scenario" -- "$locksim" simulate --algorithm redlock --seed 3 \
  --faults chaos --duration 5s --save-scenario "$scratch/saved.toml"
hash=$(sed -n 's/^  trace hash *//p' "$scratch/out")
expect_exit 0 "run a saved scenario" -- "$locksim" run "$scratch/saved.toml"
expect_text out "trace $hash" "the saved scenario replays to the same trace hash"
grep -qF "trace_hash = \"$hash\"" "$scratch/saved.toml" \
  || { echo "FAIL: the saved scenario does not record its trace hash"; failures=$((failures + 1)); }
sed "s/^trace_hash = .*/trace_hash = \"0123456789abcdef\"/" "$scratch/saved.toml" >"$scratch/tampered.toml"
expect_exit 1 "run a tampered recording" -- "$locksim" run "$scratch/tampered.toml"
expect_text out "expected trace hash 0123456789abcdef, as recorded; the replay's is $hash" \
  "a replay that differs from its recording fails, saying expected and got"

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
  [[ $(grep -c '' "$scratch/sw-killed/runs.jsonl" 2>/dev/null || echo 0) -ge 20 ]] && break
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

# locksim check: exit 0 verified, 1 counterexample (its scenario file replays with locksim run to
# the same violation), 2 bad input, 3 a bound reached; the same verdict and counts on 1 and 2 jobs.
fixed=(--domain start_delay=0s --domain request_delay=200us --domain reply_delay=200us
       --domain work_duration=500ms --domain idle_duration=0s --retry-delay 150ms)
expect_exit 0 "check verifies set-nx-px without faults" -- "$locksim" check --algorithm set-nx-px \
  --horizon 3s "${fixed[@]}"
expect_text out "verified up to 3s" "check says what it verified"
expect_exit 0 "check closes set-nx-px's graph without a horizon" -- "$locksim" check \
  --algorithm set-nx-px "${fixed[@]}"
expect_text out "verified: the state graph closed" "check says the graph closed"
for row in "set-nx-px gc-pause mutex" "setnx-del crash liveness" "setnx-expire partition ttl"; do
  read -r algorithm faults invariant <<<"$row"
  expect_exit 1 "check finds $algorithm's $invariant counterexample" -- "$locksim" check \
    --algorithm "$algorithm" --faults "$faults" --check "$invariant" --horizon 3s "${fixed[@]}" \
    --domain pause_length=2s --domain client_downtime=1ms --domain link_down_length=3s \
    --out "$scratch/check-$algorithm"
  expect_text out "COUNTEREXAMPLE $invariant" "check prints the $invariant counterexample"
  expect_exit 0 "the $algorithm counterexample replays" -- "$locksim" run \
    "$scratch/check-$algorithm/check-$algorithm-$invariant.toml"
  expect_text out "violated: $invariant" "its scenario file replays to the $invariant violation"
done
for jobs in 1 2; do
  "$locksim" check --algorithm set-nx-px-del --faults gc-pause --horizon 3s "${fixed[@]}" --all \
    --jobs "$jobs" | grep -E "verdict|states  " >"$scratch/check-jobs-$jobs"
done
cmp -s "$scratch/check-jobs-1" "$scratch/check-jobs-2" \
  || { echo "FAIL: check's verdict or counts differ on 1 and 2 jobs"; failures=$((failures + 1)); }
expect_exit 1 "check finds the gc-pause counterexample with the profile's own pauses" -- \
  "$locksim" check --algorithm set-nx-px --faults gc-pause --check mutex --horizon 3s "${fixed[@]}"
expect_text out "from profiles   gc-pause: pause_length 999ms/1001ms" \
  "check prints the domains the profiles bring"
expect_exit 2 "check refuses a domain no distribution can take" -- "$locksim" check \
  --algorithm set-nx-px --horizon 1s --domain work_duration=5s
expect_text err "no value of the domain of work_duration" "check names the choice"
expect_exit 2 "check refuses an unknown choice kind" -- "$locksim" check --domain wrk=1s
expect_text err "unknown choice kind 'wrk'" "check names the unknown kind"
expect_exit 3 "check stops at --max-states" -- "$locksim" check --algorithm set-nx-px \
  --max-states 100
expect_text out "stopped at --max-states" "check says which bound stopped it"

# check --storage bitstate:SIZE: the gc-pause counterexample is found as with exact storage; a
# graph that closes is never "verified", but "no violation found" with a bound; bad sizes, a bit
# array beyond --memory and a depth-bounded DFS (which needs the depth left at each state) are
# refused.
expect_exit 1 "bitstate finds the gc-pause counterexample" -- "$locksim" check \
  --algorithm set-nx-px --faults gc-pause --check mutex --horizon 3s "${fixed[@]}" \
  --domain pause_length=2s --storage bitstate:1M
expect_text out "COUNTEREXAMPLE mutex" "bitstate prints the counterexample"
expect_exit 0 "bitstate finds no violation in set-nx-px's closed graph" -- "$locksim" check \
  --algorithm set-nx-px "${fixed[@]}" --storage bitstate:1M
expect_text out "verdict         no violation found; probability of having missed a state <= " \
  "bitstate never says verified"
expect_text out "hash functions  3 hashes h1 + i*h2 mod m" "bitstate names its hash functions"
grep -q "verified" "$scratch/out" \
  && { echo "FAIL: a bitstate check says verified"; failures=$((failures + 1)); }
for storage in bitstate bitstate:0M bitstate:1K hash; do
  expect_exit 2 "check refuses --storage $storage" -- "$locksim" check --storage "$storage"
  expect_text err "locksim check: error: --storage: takes " "check says what --storage takes"
done
expect_exit 2 "check refuses a bit array beyond --memory" -- "$locksim" check \
  --storage bitstate:1G --memory 512M
expect_text err "--storage: the bit array (1024 MiB) does not fit in --memory 512M" \
  "check says the bit array does not fit"
expect_exit 2 "check refuses bitstate with a depth-bounded DFS" -- "$locksim" check \
  --storage bitstate:1M --order dfs --depth 10
expect_text err "and --depth: a bounded depth-first search must re-explore a state" \
  "check says why bitstate cannot bound a DFS's depth"
expect_exit 2 "check refuses bitstate with --depth in a swarm" -- "$locksim" check \
  --storage bitstate:1M --swarm 2 --depth 10
expect_text err "--storage: bitstate cannot be used with --order dfs (or a --swarm" \
  "check says a swarm's depth-first searches cannot bound depth in bitstate"

# check --dot FILE: the explored state graph as DOT, the same bytes on 1 and 2 jobs, the
# counterexample's steps drawn bold; a graph beyond the limit is refused and nothing is written.
for jobs in 1 2; do
  expect_exit 1 "check --dot on $jobs job(s)" -- "$locksim" check --algorithm set-nx-px \
    --faults gc-pause --check mutex --horizon 3s "${fixed[@]}" --domain pause_length=2s \
    --dot "$scratch/dot-$jobs/graph.dot" --jobs "$jobs"
  expect_text out "state graph     1590 states, 1645 transitions" "check says what it drew"
done
cmp -s "$scratch/dot-1/graph.dot" "$scratch/dot-2/graph.dot" \
  || { echo "FAIL: check --dot differs on 1 and 2 jobs"; failures=$((failures + 1)); }
[[ $(grep -- '->' "$scratch/dot-1/graph.dot" | grep -c 'penwidth=3') -eq 30 ]] \
  || { echo "FAIL: check --dot does not draw the 30 steps of the path bold"; failures=$((failures + 1)); }
expect_exit 2 "check --dot refuses a graph too large to draw" -- "$locksim" check \
  --algorithm set-nx-px --faults gc-pause --horizon 3s "${fixed[@]}" --dot "$scratch/big.dot"
expect_text err "--dot: the state graph has more than 2000 states, the most a picture is drawn of" \
  "check says the limit"
[[ -e "$scratch/big.dot" ]] && { echo "FAIL: a refused --dot wrote a file"; failures=$((failures + 1)); }

# check --swarm N [--shard I/N]: the same per-search lines and verdict on 1 and 2 jobs; shards 1/2
# and 2/2 together print the whole swarm's search lines; the reported counterexample is the
# lowest-numbered search's (search 1, breadth-first, runs out of its 800 states first).
swarm=(check --algorithm set-nx-px --faults gc-pause --check mutex --horizon 3s "${fixed[@]}"
       --domain pause_length=2s --swarm 4 --max-states 800)
for jobs in 1 2; do
  "$locksim" "${swarm[@]}" --jobs "$jobs" | grep -v "wall time" >"$scratch/swarm-$jobs"
done
cmp -s "$scratch/swarm-1" "$scratch/swarm-2" \
  || { echo "FAIL: check --swarm differs on 1 and 2 jobs"; failures=$((failures + 1)); }
expect_text swarm-1 "by search 2 (the lowest-numbered that found one)" \
  "the swarm names the search whose counterexample it reports"
for shard in 1/2 2/2; do "$locksim" "${swarm[@]}" --shard "$shard" --jobs 2; done \
  | grep "^  search " | sort >"$scratch/swarm-shards"
grep "^  search " "$scratch/swarm-1" | sort | cmp -s - "$scratch/swarm-shards" \
  || { echo "FAIL: check --swarm's shards are not the whole swarm"; failures=$((failures + 1)); }
expect_exit 1 "check --swarm writes the reported counterexample" -- "$locksim" "${swarm[@]}" \
  --out "$scratch/swarm-out"
expect_exit 0 "the swarm's counterexample replays" -- "$locksim" run \
  "$scratch/swarm-out/check-set-nx-px-mutex.toml"
expect_text out "violated: mutex" "the swarm's scenario file replays to the mutex violation"
expect_exit 2 "check refuses --shard without --swarm" -- "$locksim" check --shard 1/2
expect_text err "locksim check: error: --shard: needs --swarm" "check says --shard needs --swarm"
expect_exit 2 "check refuses a bad --shard" -- "$locksim" check --swarm 4 --shard 3/2
expect_text err "--shard: takes I/N with 1 <= I <= N, got '3/2'" "check reads --shard as sweep does"
expect_exit 2 "check refuses more shards than searches" -- "$locksim" check --swarm 2 --shard 1/3
expect_text err "--shard: splits 2 searches into at most 2 shards" "check says how many shards"
expect_exit 2 "check refuses --dot with --swarm" -- "$locksim" check --swarm 2 --dot "$scratch/s.dot"
expect_text err "--dot: draws one search's graph: not with --swarm" "check says why"

# locksim check --scenario: a scenario's setup with what it does not pin left open. C-6a's safe
# twin is verified within its duration; the redlock-node5 row as a scenario (c1's acquire replies
# pinned to 450 ms) gives the mutex counterexample, whose scenario file, written on top of it,
# replays with locksim run; that file is a recorded run, which check refuses; a scenario with
# errors is reported at its line and column; setup flags cannot be given with --scenario.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
expect_exit 0 "check verifies C-6a's safe twin" -- "$locksim" check \
  --scenario "$root/scenarios/c06a-safe-pause-below-the-lease.toml"
expect_text out "verified up to 20s" "check --scenario explores up to the scenario's duration"
expect_text out "pinned          start_delay #1 occurrence 1 = 0s" "check prints the pins"
node_scenario="$root/tests/data/check/redlock-node5-slow-replies.toml"
expect_exit 1 "check finds redlock-node5's expired lock" -- "$locksim" check \
  --scenario "$node_scenario" --check mutex --out "$scratch/check-node"
expect_text out "COUNTEREXAMPLE mutex: c1 acquired while 1 other client(s)" \
  "check --scenario prints the mutex counterexample"
expect_text out "(already over)" "the lock c1 is given is past its validity"
node_found="$scratch/check-node/check-redlock-node5-slow-replies-mutex.toml"
expect_exit 0 "the redlock-node5 counterexample replays" -- "$locksim" run "$node_found"
expect_text out "violated: mutex" "its scenario file replays to the mutex violation"
expect_exit 2 "check refuses a recorded run" -- "$locksim" check --scenario "$node_found"
expect_text err "is a recorded run ([replay])" "check says why a recorded run is refused"
printf 'name = "x"\nduration = "zz"\n[[client]]\nname = "A"\nalgorithm = "set-nx-px"\n' \
  >"$scratch/bad-scenario.toml"
expect_exit 2 "check refuses a scenario with errors" -- "$locksim" check \
  --scenario "$scratch/bad-scenario.toml"
expect_text err "bad-scenario.toml:2:12: error:" "check reports the error's line and column"
expect_exit 2 "check refuses setup flags beside --scenario" -- "$locksim" check \
  --scenario "$node_scenario" --ttl 1s
expect_text err "--ttl: cannot be given with --scenario" "check names the flag"

# Fault sizes as distributions: the check explores a finite draw; a sweep varies one.
expect_exit 1 "check explores a profile's finite size draw" -- "$locksim" check \
  --algorithm set-nx-px --faults 'gc-pause:size=one-of(500ms|1500ms)' --horizon 3s "${fixed[@]}"
expect_text out "pause_length 500ms/1500ms" "check's pause domain is the profile's draw"
expect_exit 0 "sweep varies a size draw" -- "$locksim" sweep --faults gc-pause --seeds 3 \
  --duration 5s --vary 'gc-pause:size=exp(300ms),uniform(1s..2s)' --out "$scratch/sw-size"
expect_text out "| set-nx-px | uniform(1s..2s) |" "the sweep names each draw"
expect_exit 2 "an unknown distribution is refused" -- "$locksim" simulate \
  --faults 'gc-pause:size=normal(1s)'
expect_text err "unknown distribution 'normal'" "the refusal names the distribution"

# check --smallest: the smallest clock jump that breaks Redlock (3 masters, within 250 ms), by
# bisection of exhaustive checks. c1's key on the master that decides is set at about 0.6 ms and
# lives until about 1000.6 ms on that master's clock; c2's retry (200 ms after its failed round)
# reaches it at about 202 ms, so a jump breaks mutual exclusion only if it is at least about
# 798.6 ms. The bracket printed must lie within 2 ms of that (key expiry counts whole ms) and be
# at most the 1 ms resolution wide.
expect_exit 1 "check finds the smallest clock jump that breaks redlock" -- "$locksim" check \
  --algorithm redlock --faults clock-jump --check mutex --horizon 250ms "${fixed[@]:0:6}" \
  --domain work_duration=500ms --domain idle_duration=0s --domain retry_delay=200ms \
  --smallest clock_jump_size --from 1ms --to 2s
sed -n 's/^smallest breaking clock_jump_size: above \([0-9.]*\)ms (verified), at most \([0-9.]*\)ms.*/\1 \2/p' \
  "$scratch/out" | awk '{ ok = $2 >= 796.6 && $2 <= 800.6 && $2 - $1 <= 1 } END { exit !ok }' \
  || { echo "FAIL: check --smallest's bracket is not the derived one:"; grep smallest "$scratch/out"
       failures=$((failures + 1)); }
expect_exit 2 "check --smallest needs its range" -- "$locksim" check --smallest pause_length

# bench: each of the README's runs is measured; that the lines are there, never how fast.
expect_exit 0 "bench" -- "$locksim" bench --duration 5s
for run in "set-nx-px, 3 clients, 1 server(s), faults gc-pause" \
           "redlock, 10 clients, 5 server(s), faults none"; do
  expect_text out "$run" "bench runs $run"
done
for measure in "M events/s" "k lock cycles/s" "x real time" "peak memory"; do
  expect_text out "$measure" "bench prints $measure"
done
expect_exit 2 "bench refuses a duration without a unit" -- "$locksim" bench --duration 5

if [[ $failures -gt 0 ]]; then echo "$failures CLI checks failed"; exit 1; fi
echo "all CLI checks passed"
