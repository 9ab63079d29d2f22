// The settings of a run that people choose (algorithm, clients, lease, fault profiles), and the
// WorldConfig they stand for. Shared by `locksim simulate`, `locksim compare`, tests and
// benchmarks.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/explore/fault_profiles.hpp"
#include "sim/world/world.hpp"

namespace locksim {

struct SimulationSetup {
  std::string algorithm = "set-nx-px";
  uint32_t clients = 3;
  Duration ttl = Duration::seconds(1);
  uint32_t servers = 5;  // masters, for algorithms that lock several (Redlock)
  Duration request_timeout = Duration::millis(500);
  std::vector<FaultSelection> faults;
  std::optional<Duration> extend_before;  // holders extend their lease (Redlock presets)
};

// The algorithm must be in the catalog (models/registry.hpp); callers check names first.
auto make_world_config(const SimulationSetup& setup) -> std::shared_ptr<const WorldConfig>;

}  // namespace locksim
