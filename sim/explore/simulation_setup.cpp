// From simulate settings to a WorldConfig; see simulation_setup.hpp.
#include "sim/explore/simulation_setup.hpp"

#include <algorithm>

#include "models/registry.hpp"
#include "sim/core/assert.hpp"

namespace locksim {

auto make_world_config(const SimulationSetup& setup) -> std::shared_ptr<const WorldConfig> {
  const AlgorithmEntry* algorithm = find_algorithm(setup.algorithm);
  LOCKSIM_ASSERT(algorithm != nullptr, "unknown algorithm '{}'", setup.algorithm);
  auto config = std::make_shared<WorldConfig>();
  const Program program(algorithm->make(AlgorithmOptions{.ttl = setup.ttl}));
  for (uint32_t c = 0; c < setup.clients; ++c) {
    config->clients.push_back({.program = program, .request_timeout = setup.request_timeout});
  }
  config->servers.push_back({});
  if (setup.pause_max.us > 0) {
    // Pauses arrive as a Poisson process per client; each lasts up to pause_max.
    config->faults.client_pause = RecurringFault{
        .enabled = true,
        .interval = Exponential{Duration{}, setup.pause_every, setup.pause_every * 100},
        .length = Uniform{std::min(Duration::millis(1), setup.pause_max), setup.pause_max},
    };
  }
  return config;
}

}  // namespace locksim
