#!/usr/bin/env bash
# Goal: `locksim redis` prints what `redis-cli --no-raw` prints. Method: the same input through a
# real redis-cli against a real redis-server and through locksim redis, compared byte for byte;
# then the locksim-only parts (comments, time and client directives, their errors) against hand-derived
# expectations from Redis's expiry rule (visible at `when`, gone at `when + 1`), and scripts that
# never end against what a real server replies once they are killed.
# Usage: redis_shell_test.sh path/to/locksim input-file...
set -u
locksim=$1
shift
scratch=$(mktemp -d)
port=$(( 20000 + RANDOM % 20000 ))
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --pidfile "$scratch/redis.pid" --logfile "$scratch/redis.log" >/dev/null || exit 1
trap 'redis-cli -p "$port" shutdown nosave >/dev/null 2>&1; rm -rf "$scratch"' EXIT
for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
failures=0

# A NUL byte ends a line for redis-cli (it splits the line as a C string); kept out of the
# committed inputs so that they stay text.
printf 'PING "a"\0 b\nPING x\0y\nPING z\n' > "$scratch/nul_input"

for input in "$@" "$scratch/nul_input"; do
  redis-cli -p "$port" flushall >/dev/null && redis-cli -p "$port" script flush >/dev/null
  redis-cli --no-raw -p "$port" < "$input" > "$scratch/expected"
  "$locksim" redis < "$input" > "$scratch/actual"
  if ! diff -u "$scratch/expected" "$scratch/actual"; then
    echo "FAIL: $input: locksim redis differs from redis-cli (above: - redis-cli, + locksim)"
    failures=$((failures + 1))
  fi
done

"$locksim" redis --now 1000000 > "$scratch/time" 2> "$scratch/time.err" <<'SCRIPT'
# a comment, then a blank line

SET lock a PX 1000
@advance 1000
GET lock
@advance 1
GET lock
SET k v EX 100
@clock-jump 100000
GET k
@clock-jump 1
GET k
SET back v PXAT 1000500
@clock-jump -1000000
PTTL back
@bogus 1
@advance -5
SCRIPT
status=$?
# The last PTTL: the wall clock reads 1000000 + 1001 (advances) + 100001 (jumps) = 1101002 ms
# when SET stores a key already past its PXAT; stepping back 1000000 ms leaves 101002, and with
# no virtual time passing no expiry cycle removed the key: PTTL = 1000500 - 101002 = 899498.
printf 'OK\n"a"\n(nil)\nOK\n"v"\n(nil)\nOK\n(integer) 899498\n' > "$scratch/time.expected"
if ! diff -u "$scratch/time.expected" "$scratch/time"; then
  echo "FAIL: time directives"; failures=$((failures + 1))
fi
grep -q "<stdin>:16:1: error: unknown directive '@bogus'" "$scratch/time.err" \
  || { echo "FAIL: unknown directive message"; cat "$scratch/time.err"; failures=$((failures + 1)); }
grep -q "<stdin>:17:10: error: '-5' is not a non-negative number" "$scratch/time.err" \
  || { echo "FAIL: negative advance message"; cat "$scratch/time.err"; failures=$((failures + 1)); }
[[ $status -eq 2 ]] || { echo "FAIL: exit $status after bad directives, expected 2"; failures=$((failures + 1)); }

# Two connections: one client's write to a key another WATCHes makes that client's EXEC answer
# the null array (multi.c touchWatchedKey); a client outside MULTI runs at once while another
# queues. Expected from Redis 7.0's rules, not from a run.
"$locksim" redis > "$scratch/clients" 2> "$scratch/clients.err" <<'SCRIPT'
@client 1
SET x 30
WATCH x
@client 2
SET x 40
@client 1
MULTI
INCR x
EXEC
WATCH x
MULTI
INCR x
@client 2
GET x
@client 1
EXEC
@client 0
SCRIPT
status=$?
printf 'OK\nOK\nOK\nOK\nQUEUED\n(nil)\nOK\nOK\nQUEUED\n"40"\n1) (integer) 41\n' \
  > "$scratch/clients.expected"
if ! diff -u "$scratch/clients.expected" "$scratch/clients"; then
  echo "FAIL: two clients"; failures=$((failures + 1))
fi
grep -q "<stdin>:17:9: error: @client takes a client number from 1 to 100" "$scratch/clients.err" \
  || { echo "FAIL: @client 0 message"; cat "$scratch/clients.err"; failures=$((failures + 1)); }
[[ $status -eq 2 ]] || { echo "FAIL: exit $status after @client 0, expected 2"; failures=$((failures + 1)); }

# Scripts that never end stop at their instruction budget with the reply Redis gives a script
# killed by SCRIPT KILL (writes kept, a pcall catching the kill only until the next line), and
# the shell goes on. The expected replies of the scripts that do not write are those a real
# redis-server 7.0.15 gave them after SCRIPT KILL; the one that writes Redis refuses to kill
# (UNKILLABLE: only SHUTDOWN NOSAVE stops it), and the model gives it the same error.
# `timeout` turns a hang into a failure.
data=$(dirname "$0")/data
timeout 60 "$locksim" redis < "$data/redis_budget_input.txt" > "$scratch/budget"
status=$?
if ! diff -u "$data/redis_budget_expected.txt" "$scratch/budget" || [[ $status -ne 0 ]]; then
  echo "FAIL: script budget (exit $status; 124 is a timeout)"; failures=$((failures + 1))
fi

# --server-flavour dragonfly: a script's undeclared key is refused with Dragonfly's text (its
# PR #3245's example, line 2 for a one-line body) unless the defaults allow it, and a relative
# expiry is capped at 2^28 - 1 s; an unknown flavour is bad input.
"$locksim" redis --server-flavour dragonfly > "$scratch/dragonfly" <<'SCRIPT'
EVAL "return redis.call('SET', 'k', 'v')" 0
SET k v EX 999999999999
PTTL k
SCRIPT
printf '%s\n' "(error) ERR Error running script (call to 5c4d62f4e30c54fb15935b5892148e5ce7374077): @user_script:2: script tried accessing undeclared key, key: k" \
  OK "(integer) 268435455000" > "$scratch/dragonfly.expected"
if ! diff -u "$scratch/dragonfly.expected" "$scratch/dragonfly"; then
  echo "FAIL: dragonfly flavour"; failures=$((failures + 1))
fi
echo "EVAL \"return redis.call('SET', 'k', 'v')\" 0" |
  "$locksim" redis --server-flavour dragonfly --default-lua-flags allow-undeclared-keys \
  > "$scratch/allowed"
[[ $(cat "$scratch/allowed") == OK ]] || { echo "FAIL: allow-undeclared-keys"; failures=$((failures + 1)); }
"$locksim" redis --server-flavour keydb </dev/null 2>/dev/null
status=$?
[[ $status -eq 2 ]] || { echo "FAIL: exit $status for an unknown flavour, expected 2"; failures=$((failures + 1)); }

if [[ $failures -gt 0 ]]; then echo "$failures redis shell checks failed"; exit 1; fi
echo "all redis shell checks passed"
