// The catalog of lock algorithms by name: what `--algorithm NAME` and scenario files refer to.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/lock_algorithm.hpp"
#include "sim/core/parameter.hpp"

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
  // Whether the (first) master has a replica: a deployment a client library configures as
  // master-slave or Sentinel rather than single-server (Redisson then WAITs for replicas). The
  // world configuration sets it from its servers.
  bool replicated = false;
  // The world's timeout for one request of this client (zero: none), which cuts any longer wait
  // of the library's own: algorithms bound their rounds by it (liveness_bound) and nothing else.
  Duration request_timeout;
  // The algorithm's own parameters set by name ("redlock:tries=5"); the rest keep its defaults.
  std::vector<std::pair<std::string_view, int64_t>> parameters;
  auto operator==(const AlgorithmOptions&) const -> bool = default;

  // The value set for parameter `name`, if any.
  auto parameter(std::string_view name) const -> std::optional<int64_t>;
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
  std::string_view library;  // the library (or recipe) it follows
  std::string_view version;  // the version (or commit) of its source that the model follows
  std::function<std::unique_ptr<LockAlgorithm>(const AlgorithmOptions&)> make;
  std::span<const Parameter> parameters = {};  // its own, settable as name:param=value
};

// The lock algorithms.
auto algorithm_catalog() -> std::span<const AlgorithmEntry>;
// The counter workloads (counter-unlocked, counter-watch, counter-script): clients that
// increment a shared counter instead of taking a lock.
auto workload_catalog() -> std::span<const AlgorithmEntry>;
// The first of them: the counter workloads that take no lock (counter-unlocked, counter-watch,
// counter-script), which `compare` runs beside the locks by default.
auto workloads_without_lock() -> std::span<const AlgorithmEntry>;
// Either kind, by name.
auto find_algorithm(std::string_view name) -> const AlgorithmEntry*;
// Whether `algorithm` (a name, with or without parameters) is a counter workload rather than a
// lock: its runs watch the workloads' invariants too.
auto is_workload(std::string_view algorithm) -> bool;

// An algorithm as the command line and scenario files write it: "name[:param=value]...".
struct AlgorithmSpec {
  const AlgorithmEntry* entry = nullptr;  // none: no algorithm of that name (errors is empty)
  std::vector<std::pair<std::string_view, int64_t>> parameters;
  std::vector<std::string> errors;  // every bad parameter
};
auto parse_algorithm(std::string_view text) -> AlgorithmSpec;
// The text parse_algorithm reads back as the same algorithm and parameters.
auto algorithm_text(std::string_view name,
                    const std::vector<std::pair<std::string_view, int64_t>>& parameters)
    -> std::string;

}  // namespace locksim
