#!/usr/bin/env bash
# SPIN baseline for locksim's model checker: builds pan for each model and storage
# variant and runs each measurement REPS times on one core (no -DNCORE).
#
#   bash reports/check/spin/run.sh [REPS]        (default REPS=3; needs spin and gcc:
#                                                 apt-get install -y spin)
#
# Prints one line per run, then min/median per (model, variant), then the
# two counterexample runs of set_nx_px_del.pml with assertions on.  Work files go to a
# temporary directory; nothing is written next to the models.
set -euo pipefail

REPS=${1:-3}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d /tmp/spin-baseline.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
# snapshot the models once, so that every run of a sitting uses the same text
mkdir -p "$WORK/src"
cp "$HERE/set_nx_px_del.pml" "$HERE/redlock.pml" "$WORK/src/"

# model  horizon  pan run flags
MODELS=(
  "set_nx_px_del 6000 -m100000 -w22 -A"    # -A: the asserts are known to fail; explore all
  "redlock       14000 -m300000 -w22"      # asserts on: they hold (errors: 0 is checked)
)
VARIANTS=(plain COLLAPSE HC4 NOREDUCE)
CFLAGS_plain="-O2 -DSAFETY -DMEMLIM=8000"
CFLAGS_COLLAPSE="$CFLAGS_plain -DCOLLAPSE"          # SPIN's state compression
CFLAGS_HC4="$CFLAGS_plain -DHC4"                    # hash compaction (not exhaustive)
CFLAGS_NOREDUCE="$CFLAGS_plain -DNOREDUCE"          # extra: partial-order reduction off

echo "# date:  $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "# nproc: $(nproc)   cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
echo "# spin:  $(spin -V)   gcc: $(gcc -dumpfullversion)"
busy() { ps -eo pcpu=,comm= | awk '$1 > 20 {n++; c = c " " $2} END {printf "%d%s", n, (n ? " (" substr(c, 2) ")" : "")}'; }
echo "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg); other processes above 20% CPU: $(busy)"
(cd "$WORK/src" && sha256sum set_nx_px_del.pml redlock.pml | sed 's/^/# sha256 /')

# build MODEL H VARIANT -> $WORK/MODEL.H.VARIANT/pan
build() {
  local m=$1 h=$2 v=$3 d="$WORK/$1.$2.$3" flags="CFLAGS_$3"
  mkdir -p "$d"
  cp "$WORK/src/$m.pml" "$d/"
  # gcc's -Wstringop-overflow warnings on pan.b's array undo code are expected
  (cd "$d" && spin -a -DH="$h" "$m.pml" >spin.log 2>&1 && gcc ${!flags} pan.c -o pan >gcc.log 2>&1) \
    || { echo "build failed in $d" >&2; return 1; }
  echo "$d"
}

# field NAME FILE: pull one number out of pan's output
field() {
  case $1 in
    stored)  awk '/states, stored/ {print $1; exit}' "$2" ;;
    trans)   awk '/transitions \(= stored\+matched\)/ {print $1; exit}' "$2" ;;
    depth)   sed -n 's/.*depth reached \([0-9]*\).*/\1/p' "$2" ;;
    errors)  sed -n 's/.*errors: \([0-9]*\).*/\1/p' "$2" ;;
    vector)  sed -n 's/^State-vector \([0-9]*\) byte.*/\1/p' "$2" ;;
    elapsed) sed -n 's/^pan: elapsed time \([0-9.e+-]*\) seconds.*/\1/p' "$2" ;;
    total)   awk '/total actual memory usage/ {print $1; exit}' "$2" ;;
    smem)    awk '/actual memory usage for states/ {print $1; exit}' "$2" ;;
  esac
}

RESULTS="$WORK/results.tsv"
TIMEFORMAT='%3R %3U %3S'    # bash's time keyword: wall, user, sys of the pan process
# columns: pan_s = pan's own "elapsed time" (wall clock, 0.01 s resolution);
#   cpu_s = user + sys of the pan process; rates = stored / pan_s and stored / cpu_s;
#   B/st_tot = total actual memory / stored; B/st_sto = pan's "actual memory usage for
#   states" / stored; B/st_net = (total - total of the same build at H=0) / stored
printf '%-14s %6s %-8s %3s %10s %10s %7s %7s %7s %7s %8s %8s %9s %7s %7s %7s\n' \
  model H variant run stored transitions depth pan_s wall_s cpu_s Mst/s Mst/cpu total_MB B/st_tot B/st_sto B/st_net
for spec in "${MODELS[@]}"; do
  read -r m h runflags <<<"$spec"
  for v in "${VARIANTS[@]}"; do
    d=$(build "$m" "$h" "$v") || exit 1
    # baseline: the same build and run flags on the same model at horizon 0
    # (a handful of states): its total is the fixed cost of hash table, stack, etc.
    d0=$(build "$m" 0 "$v") || exit 1
    (cd "$d0" && ./pan $runflags >out 2>&1) || true
    base=$(field total "$d0/out")
    for r in $(seq 1 "$REPS"); do
      { time (cd "$d" && ./pan $runflags >out.$r 2>&1) ; } 2>"$d/time.$r" || true
      read -r wall usr sys <"$d/time.$r"
      o="$d/out.$r"
      if grep -q 'max search depth too small' "$o"; then echo "depth limit hit: $o" >&2; exit 1; fi
      [ "$(field errors "$o")" = 0 ] || { echo "errors in $o" >&2; exit 1; }
      s=$(field stored "$o"); tr=$(field trans "$o"); dp=$(field depth "$o")
      e=$(field elapsed "$o"); tot=$(field total "$o"); sm=$(field smem "$o")
      awk -v m="$m" -v h="$h" -v v="$v" -v r="$r" -v s="$s" -v tr="$tr" -v dp="$dp" -v e="$e" \
          -v w="$wall" -v cpu="$(awk -v a="$usr" -v b="$sys" 'BEGIN{print a + b}')" \
          -v tot="$tot" -v sm="$sm" -v base="$base" 'BEGIN {
        MB = 1048576
        printf "%-14s %6s %-8s %3s %10d %10d %7d %7.2f %7.3f %7.3f %8.3f %8.3f %9.1f %7.1f %7.1f %7.1f\n",
          m, h, v, r, s, tr, dp, e, w, cpu, s / e / 1e6, s / cpu / 1e6, tot, tot * MB / s, sm * MB / s,
          (tot - base) * MB / s
      }' | tee -a "$RESULTS"
    done
  done
done

echo
echo "# min / median over $REPS runs of pan_s and cpu_s, and the rates they give"
printf '%-14s %-8s %10s %15s %15s %17s %17s %8s %8s %8s\n' model variant stored \
  "pan_s min/med" "cpu_s min/med" "Mst/s max/med" "Mst/cpu max/med" B/st_tot B/st_sto B/st_net
for spec in "${MODELS[@]}"; do
  read -r m _ <<<"$spec"
  for v in "${VARIANTS[@]}"; do
    if [ "$(awk -v m="$m" -v v="$v" '$1 == m && $3 == v {print $5}' "$RESULTS" | sort -u | wc -l)" != 1 ]; then
      echo "states stored differ between runs of $m $v" >&2; exit 1
    fi
    # the median of REPS values: the middle one after sorting (REPS odd)
    pe=$(awk -v m="$m" -v v="$v" '$1 == m && $3 == v {print $8}' "$RESULTS" | sort -g | tr '\n' ' ')
    ce=$(awk -v m="$m" -v v="$v" '$1 == m && $3 == v {print $10}' "$RESULTS" | sort -g | tr '\n' ' ')
    awk -v m="$m" -v v="$v" -v pe="$pe" -v ce="$ce" '$1 == m && $3 == v { s = $5; tot = $14; sto = $15; net = $16 }
      END {
        n = split(pe, P, " "); split(ce, C, " "); k = int((n + 1) / 2)
        printf "%-14s %-8s %10d %7.2f / %5.2f %7.3f / %5.3f %8.3f / %6.3f %8.3f / %6.3f %8.1f %8.1f %8.1f\n",
          m, v, s, P[1], P[k], C[1], C[k], s / P[1] / 1e6, s / P[k] / 1e6, s / C[1] / 1e6, s / C[k] / 1e6,
          tot, sto, net
      }' "$RESULTS"
  done
done

echo
# counterexample MODEL_DEFINES LABEL: plain build at H=6000, asserts on, stop at the
# first error; prints pan's lines, the wall time and the trail's length
counterexample() {
  local defs=$1 label=$2 d="$WORK/cex.$2"
  mkdir -p "$d" && cp "$WORK/src/set_nx_px_del.pml" "$d/"
  (cd "$d" && spin -a -DH=6000 $defs set_nx_px_del.pml >spin.log 2>&1 \
     && gcc $CFLAGS_plain pan.c -o pan >gcc.log 2>&1) || { echo "build failed in $d" >&2; exit 1; }
  local t0 t1
  t0=$(date +%s.%N); (cd "$d" && ./pan -m100000 -w22 >cex 2>&1) || true; t1=$(date +%s.%N)
  echo "# counterexample ($label): set_nx_px_del.pml -DH=6000 $defs, plain build, ./pan -m100000 -w22"
  grep -E 'assertion violated|^pan: elapsed time|states, stored' "$d/cex" | sed 's/^ */  /'
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "  wall time of the pan run: %.3f s\n", b - a }'
  (cd "$d" && spin -DH=6000 $defs -t -p -g set_nx_px_del.pml >replay 2>&1) || true
  echo "  trail replayed by spin -t: last step $(grep -E '^ *[0-9]+:[[:space:]]+proc' "$d/replay" | tail -1 | awk '{sub(":", "", $1); print $1}')," \
       "ticks advanced $(grep -c 'now = (now+1)' "$d/replay"), pause struck at now =" \
       "$(awk '/now = [0-9]+$/ {t = $3} /paused_until\[[01]\] = \(now\+12\)/ {print t + 0; exit}' "$d/replay")"
}
echo
counterexample "" mutex
echo
counterexample "-DCHECK_MUTEX=0" foreign-release
echo
echo "# load average at end: $(cut -d' ' -f1-3 /proc/loadavg); other processes above 20% CPU: $(busy)"
