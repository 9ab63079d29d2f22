// The settings of a run that people choose (algorithm, clients, lease, fault profiles), and the
// WorldConfig they stand for. Shared by `locksim simulate`, `locksim compare`, tests and
// benchmarks.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/registry.hpp"
#include "sim/explore/fault_profiles.hpp"
#include "sim/world/world.hpp"

namespace locksim {

struct SimulationSetup {
  std::string algorithm = "set-nx-px";
  std::vector<std::pair<std::string_view, int64_t>> parameters;  // the algorithm's, by name
  uint32_t clients = 3;
  Duration ttl = Duration::seconds(1);
  uint32_t servers = 5;  // masters, for algorithms that lock several (Redlock)
  Duration request_timeout = Duration::millis(500);
  std::vector<FaultSelection> faults;
  std::optional<Duration> extend_before;  // holders extend their lease (Redlock presets)
  // Fixed workload timings instead of the algorithm's (see AlgorithmOptions).
  std::optional<Duration> work;
  std::optional<Duration> idle;
  std::optional<Duration> retry_delay;
  redis::Flavour flavour;  // of every server
};

// The options the setup gives its algorithm, for `servers` masters.
auto algorithm_options(const SimulationSetup& setup, uint32_t servers) -> AlgorithmOptions;

// The algorithm must be in the catalog (models/registry.hpp); callers check names first.
auto make_world_config(const SimulationSetup& setup) -> std::shared_ptr<const WorldConfig>;

// "3 server(s)", naming a flavour other than Redis and its default Lua flags:
// "1 dragonfly server(s) (default Lua flags disable-atomicity)".
auto describe_servers(const redis::Flavour& flavour, size_t count) -> std::string;

// Why the setup's servers cannot be of its flavour (what Dragonfly lacks), if they cannot.
auto flavour_refuses(const SimulationSetup& setup) -> std::optional<std::string>;
// The same for a world's configuration: for any of its servers, or for one.
auto flavour_refuses(const WorldConfig& config) -> std::optional<std::string>;
auto flavour_refuses(const WorldConfig& config, ServerId server) -> std::optional<std::string>;

}  // namespace locksim
