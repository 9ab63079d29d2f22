// The catalog of lock algorithms by name: what `--algorithm NAME` and scenario files refer to.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "models/lock_algorithm.hpp"

namespace locksim {

// What the command line and scenario files can set for any algorithm; each algorithm reads
// what applies to it. Unset timings take the algorithm's defaults (derived from the ttl).
struct AlgorithmOptions {
  Duration ttl = Duration::seconds(1);
  uint32_t servers = 5;  // masters of a multi-server lock (Redlock); single-server locks use one
  std::optional<Distribution> retry_delay;
  std::optional<Distribution> work;
  std::optional<Distribution> idle;
  // Algorithms that can extend their lease (the Redlock presets) do so this long before it
  // ends; none: they never extend.
  std::optional<Duration> extend_before;
  auto operator==(const AlgorithmOptions&) const -> bool = default;
};

// The workload timings every algorithm's loop takes from the options: unless they say otherwise,
// work for 10%..50% of the lease and idle up to half of it; the retry delay, unless set, stays
// the algorithm's own default.
template <class Params>
void apply_timings(const AlgorithmOptions& options, Duration lease, Params& params) {
  params.work = options.work.value_or(Uniform{lease / 10, lease / 2});
  params.idle = options.idle.value_or(Uniform{Duration{}, lease / 2});
  if (options.retry_delay) params.retry_delay = *options.retry_delay;
}

struct AlgorithmEntry {
  std::string_view name;
  std::string_view description;
  std::function<std::unique_ptr<LockAlgorithm>(const AlgorithmOptions&)> make;
};

auto algorithm_catalog() -> std::span<const AlgorithmEntry>;
auto find_algorithm(std::string_view name) -> const AlgorithmEntry*;

}  // namespace locksim
