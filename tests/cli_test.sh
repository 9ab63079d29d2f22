#!/usr/bin/env bash
# Goal: `locksim` behaves as its help says from the outside: exit codes 0/1/2, clear errors for
# bad input, a JSON-lines trace, and a replay command that really replays the run. Sweeps, fuzz
# and check have files of their own (cli_explore_test.sh, cli_check_test.sh), so that the three
# run side by side.
# Usage: cli_test.sh path/to/locksim
source "$(dirname "${BASH_SOURCE[0]}")/cli_helpers.sh" "$1"

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
expect_exit 1 "the model checker finds the unlocked counter's lost update" -- "$locksim" check \
  --algorithm counter-unlocked --clients 2 --check lost-update --horizon 20ms \
  --domain start_delay=0s --domain request_delay=200us --domain reply_delay=200us \
  --domain idle_duration=0s --out "$scratch/check-counter"
expect_text out "COUNTEREXAMPLE lost-update" "check prints the lost-update counterexample"
expect_exit 0 "the lost-update counterexample replays" -- "$locksim" run \
  "$scratch/check-counter/check-counter-unlocked-lost-update.toml"
expect_exit 2 "a lock's check has no lost-update" -- "$locksim" check --algorithm set-nx-px \
  --check lost-update
expect_text err "unknown name 'lost-update'" "check refuses lost-update for a lock"
# Workloads beside locks: compare puts them in a table of their own with a lost-update column;
# a sweep's table gains the column, "n/a" for the locks, which do not count increments.
expect_exit 0 "compare takes counter workloads" -- "$locksim" compare --seeds 2 --duration 5s \
  --algorithms set-nx-px,counter-unlocked --profiles none --out "$scratch/compare-workload"
expect_text out "| set-nx-px | none | - (0-66) |" "compare's lock table keeps its columns"
expect_text out "## Counter workloads" "compare heads the workloads' table"
expect_text out "| workload | faults | mutex | resource | foreign-release | ttl | liveness | quorum | lost-update |" \
  "the workloads' table has a lost-update column"
expect_text out "| counter-unlocked | none | - (0-66) | - (0-66) | - (0-66) | - (0-66) | - (0-66) | - (0-66) | 100% (34-100) |" \
  "compare shows the unlocked counter losing updates"
grep -q '"lost-update"' "$scratch/compare-workload/comparison.json" \
  || { echo "FAIL: comparison.json has no lost-update"; failures=$((failures + 1)); }
expect_exit 0 "sweep takes a workload" -- "$locksim" sweep --algorithms set-nx-px,counter-unlocked \
  --seeds 2 --duration 5s --out "$scratch/sweep-workload"
grep -q "| set-nx-px | - (0-66) | - (0-66) | - (0-66) | - (0-66) | - (0-66) | - (0-66) | n/a |" \
  "$scratch/sweep-workload/results.md" \
  || { echo "FAIL: results.md marks lost-update n/a for a lock:"; cat "$scratch/sweep-workload/results.md"; failures=$((failures + 1)); }
grep -q "^counter-unlocked,lost-update,2,2," "$scratch/sweep-workload/results.csv" \
  || { echo "FAIL: results.csv has no lost-update row for the workload"; failures=$((failures + 1)); }
expect_exit 0 "list faults" -- "$locksim" list faults
for profile in none crash gc-pause clock-drift clock-jump slow-network partition \
               restart-volatile restart-everysec restart-always restart-delayed failover chaos \
               active-active; do
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
# Dragonfly: the flavour and its Lua flags are checked, and what Dragonfly lacks is refused.
expect_exit 2 "unknown server flavour" -- "$locksim" simulate --server-flavour keydb
expect_text err "unknown server flavour 'keydb' (known: redis dragonfly)" "flavour message"
expect_exit 2 "Lua flags on Redis" -- "$locksim" simulate --default-lua-flags disable-atomicity
expect_text err "Lua flags are Dragonfly's" "Lua flags on Redis message"
expect_exit 2 "unknown Lua flag" -- "$locksim" simulate --server-flavour dragonfly \
  --default-lua-flags disable-atomic
expect_text err "unknown Lua flag 'disable-atomic'" "unknown Lua flag message"
expect_exit 2 "AOF on Dragonfly" -- "$locksim" simulate --server-flavour dragonfly \
  --faults restart-everysec
expect_text err "r1 is Dragonfly, which has no AOF" "AOF on Dragonfly message"
expect_exit 0 "a non-atomic release on Dragonfly" -- "$locksim" simulate --server-flavour \
  dragonfly --default-lua-flags disable-atomicity --duration 5s --seed 3
expect_text out "1 dragonfly server(s) (default Lua flags disable-atomicity)" \
  "the summary names the flavour"
expect_exit 0 "a sweep over the server flavour" -- "$locksim" sweep --algorithms set-nx-px \
  --vary server-flavour=redis,dragonfly --seeds 2 --duration 2s --out "$scratch/flavours"
expect_text out "| set-nx-px | dragonfly |" "the sweep has a Dragonfly row"
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

finish "CLI"
