#!/usr/bin/env bash
# What the CLI tests share: the binary under test, a scratch directory removed on exit, the
# failure count, the checks, and the closing line. Sourced by tests/cli*_test.sh with the path to
# locksim as its argument.
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

finish() {  # finish WHAT: the closing line, and the exit code the test runner reads
  if [[ $failures -gt 0 ]]; then echo "$failures $1 checks failed"; exit 1; fi
  echo "all $1 checks passed"
}
