#!/usr/bin/env bash
# Goal: cmake/build_info.cmake names the commit as the compare reports and --version promise:
# the short hash of HEAD, "-dirty" when a tracked file outside reports/ differs from it, and
# "unknown" outside a git checkout or without git.
# Usage: build_info_test.sh path/to/cmake/build_info.cmake
set -u
script=$1
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failures=0

commit_of() {  # commit_of SOURCE_DIR [GIT] -> the kCommit the script writes
  cmake -DSOURCE_DIR="$1" -DOUTPUT="$scratch/build_info.hpp" -DVERSION=9.9.9 \
    -DGIT_EXECUTABLE="${2-$(command -v git)}" -P "$script"
  sed -n 's/^inline constexpr std::string_view kCommit = "\(.*\)";$/\1/p' "$scratch/build_info.hpp"
}

expect_commit() {  # expect_commit EXPECTED DESCRIPTION SOURCE_DIR [GIT]
  local actual
  actual=$(commit_of "$3" ${4+"$4"})
  if [[ $actual != "$1" ]]; then
    echo "FAIL: $2: commit '$actual', expected '$1'"
    failures=$((failures + 1))
  fi
}

mkdir -p "$scratch/plain" "$scratch/repo/reports"
expect_commit unknown "outside a checkout" "$scratch/plain"
expect_commit unknown "without git" "$scratch/plain" ""
grep -qF 'kVersion = "9.9.9"' "$scratch/build_info.hpp" \
  || { echo "FAIL: the version is not written"; failures=$((failures + 1)); }

if command -v git >/dev/null; then
  repo=$scratch/repo
  git -C "$repo" init -q
  echo one >"$repo/source.cpp"
  echo table >"$repo/reports/comparison.md"
  git -C "$repo" add . && git -C "$repo" -c user.name=t -c user.email=t@t commit -qm one
  head=$(git -C "$repo" rev-parse --short HEAD)
  expect_commit "$head" "a clean checkout" "$repo"
  echo untracked >"$repo/notes.txt"
  expect_commit "$head" "untracked files are not dirt" "$repo"
  echo regenerated >"$repo/reports/comparison.md"
  expect_commit "$head" "a regenerated report is not dirt" "$repo"
  echo two >"$repo/source.cpp"
  expect_commit "$head-dirty" "a changed source" "$repo"
fi

if [[ $failures -gt 0 ]]; then echo "$failures build-info checks failed"; exit 1; fi
echo "all build-info checks passed"
