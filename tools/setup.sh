#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine for locksim and builds it: installs the Debian packages the
# build and tests need (idempotent, non-interactive; skipped when all are present), then configures
# and builds a Release tree in build/ (or the directory given as $1 with the build type in $2).
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config ccache clang-format
  libfmt-dev librapidcheck-dev libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev libtomlplusplus-dev nlohmann-json3-dev libxxhash-dev liblua5.1-0-dev libboost-graph-dev
  libjemalloc-dev
  redis-server libxml2-utils parallel
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if ((${#missing[@]} > 0)); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${1:-"$root/build"}
build_type=${2:-Release}
cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" \
  ${LOCKSIM_CMAKE_ARGS:-} >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
