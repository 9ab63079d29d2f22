#!/usr/bin/env bash
# Goal: `locksim check` (and `bench`) behave as their help says from the outside: verdicts as
# exit codes, counterexamples that replay, the same output on 1 and 2 jobs, exit 2 on bad input.
# Usage: cli_check_test.sh path/to/locksim
source "$(dirname "${BASH_SOURCE[0]}")/cli_helpers.sh" "$1"

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

# check --check starvation: a fair cycle on which a client never gets the lock — setnx-del after a
# holder's crash (its key has no TTL) — printed with where its cycle begins, written as a scenario
# that locksim run replays; only where the graph closes, with exact storage and one search.
starve=(--algorithm setnx-del --faults crash --domain start_delay=0s --domain request_delay=200us
        --domain reply_delay=200us --domain work_duration=500ms --domain idle_duration=500ms
        --retry-delay 150ms --check starvation)
expect_exit 1 "check finds setnx-del's starvation after a crash" -- "$locksim" check \
  "${starve[@]}" --out "$scratch/starve"
expect_text out "COUNTEREXAMPLE starvation: c1 wants the lock and never gets it" \
  "check names the starving client"
expect_text out "the cycle, which repeats forever from here:" "check says where the cycle begins"
expect_text out "symmetry off (starvation follows each client as numbered)" \
  "check says why symmetry is off"
expect_text out "partial order off (starvation's fairness is over the orders themselves)" \
  "check says why partial-order reduction is off"
expect_text starve/check.json '"reductions": "relative time, symmetry off (starvation' \
  "check.json says which reductions were on"
expect_exit 0 "the starvation lasso replays" -- "$locksim" run \
  "$scratch/starve/check-setnx-del-starvation.toml"
expect_exit 2 "check refuses starvation with a horizon" -- "$locksim" check "${starve[@]}" \
  --horizon 1s
expect_text err "--check: starvation needs states relative to now" "check says why"
expect_exit 2 "check refuses starvation in bitstate storage" -- "$locksim" check "${starve[@]}" \
  --storage bitstate:1M
expect_text err "--check: starvation needs exact storage" "check says why not bitstate"

# --symmetry and --por take on or off; the reductions line says what was on.
expect_exit 0 "check without reductions" -- "$locksim" check --algorithm set-nx-px --horizon 1s \
  "${fixed[@]}" --symmetry off --por off
expect_text out "symmetry off (--symmetry off), partial order off (--por off)" \
  "check says both reductions are off"
expect_exit 2 "check refuses --por maybe" -- "$locksim" check --por maybe
expect_text err "--por: takes on or off, got 'maybe'" "check says what --por takes"

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
  # The picture is the search: every distinct state and the violating one it stopped at, and
  # every transition; and the file holds as many nodes and edges as the summary says it drew.
  read -r distinct transitions < <(sed -n 's/^  states *\([0-9]*\) distinct, \([0-9]*\) transitions.*/\1 \2/p' "$scratch/out")
  expect_text out "state graph     $((distinct + 1)) states, $transitions transitions" \
    "check draws every state it met and every transition"
  nodes=$(grep -v -- '->' "$scratch/dot-$jobs/graph.dot" | grep -c '^[0-9]*\[label=')
  edges=$(grep -c -- '->' "$scratch/dot-$jobs/graph.dot")
  [[ $nodes -eq $((distinct + 1)) && $edges -eq $transitions ]] \
    || { echo "FAIL: the DOT file has $nodes nodes and $edges edges"; failures=$((failures + 1)); }
done
cmp -s "$scratch/dot-1/graph.dot" "$scratch/dot-2/graph.dot" \
  || { echo "FAIL: check --dot differs on 1 and 2 jobs"; failures=$((failures + 1)); }
[[ $(grep -- '->' "$scratch/dot-1/graph.dot" | grep -c 'penwidth=3') -eq 30 ]] \
  || { echo "FAIL: check --dot does not draw the 30 steps of the path bold"; failures=$((failures + 1)); }
expect_exit 2 "check --dot refuses a graph too large to draw" -- "$locksim" check \
  --algorithm set-nx-px --clients 3 --faults gc-pause --horizon 3s "${fixed[@]}" --dot "$scratch/big.dot"
expect_text err "--dot: the state graph has more than 2000 states, the most a picture is drawn of" \
  "check says the limit"
[[ -e "$scratch/big.dot" ]] && { echo "FAIL: a refused --dot wrote a file"; failures=$((failures + 1)); }

# check --swarm N [--shard I/N]: the same per-search lines and verdict on 1 and 2 jobs; shards 1/2
# and 2/2 together print the whole swarm's search lines; the reported counterexample is the
# lowest-numbered search's (search 1, breadth-first, runs out of its 400 states first).
swarm=(check --algorithm set-nx-px --faults gc-pause --check mutex --horizon 3s "${fixed[@]}"
       --domain pause_length=2s --swarm 4 --max-states 400)
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

finish "check and bench CLI"
