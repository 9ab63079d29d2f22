// The settings of a simulate run that people choose (algorithm, clients, lease, pauses), and the
// WorldConfig they stand for. Shared by `locksim simulate`, tests and benchmarks.
#pragma once

#include <memory>
#include <string>

#include "sim/world/world.hpp"

namespace locksim {

struct SimulationSetup {
  std::string algorithm = "set-nx-px";
  uint32_t clients = 3;
  Duration ttl = Duration::seconds(1);
  Duration pause_max;  // zero: no pauses
  Duration pause_every = Duration::seconds(10);
  Duration request_timeout = Duration::millis(500);
};

// The algorithm must be in the catalog (models/registry.hpp); callers check names first.
auto make_world_config(const SimulationSetup& setup) -> std::shared_ptr<const WorldConfig>;

}  // namespace locksim
