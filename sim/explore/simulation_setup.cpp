// From simulate settings to a WorldConfig; see simulation_setup.hpp.
#include "sim/explore/simulation_setup.hpp"

#include "models/registry.hpp"
#include "sim/core/assert.hpp"

namespace locksim {

auto algorithm_options(const SimulationSetup& setup, uint32_t servers) -> AlgorithmOptions {
  const auto fixed = [](std::optional<Duration> d) -> std::optional<Distribution> {
    if (!d) return std::nullopt;
    return Constant{*d};
  };
  return {.ttl = setup.ttl,
          .servers = servers,
          .retry_delay = fixed(setup.retry_delay),
          .work = fixed(setup.work),
          .idle = fixed(setup.idle),
          .extend_before = setup.extend_before,
          .request_timeout = setup.request_timeout,
          .parameters = setup.parameters};
}

auto make_world_config(const SimulationSetup& setup) -> std::shared_ptr<const WorldConfig> {
  const AlgorithmEntry* algorithm = find_algorithm(setup.algorithm);
  LOCKSIM_ASSERT(algorithm != nullptr, "unknown algorithm '{}'", setup.algorithm);
  auto config = std::make_shared<WorldConfig>();
  const Program program(algorithm->make(algorithm_options(setup, setup.servers)));
  for (uint32_t c = 0; c < setup.clients; ++c) {
    config->clients.push_back({.program = program, .request_timeout = setup.request_timeout});
  }
  config->servers.resize(program->servers());
  apply_faults(setup.faults, *config);
  if (has_replica_of_first_master(*config)) {  // the faults gave the master a replica
    AlgorithmOptions options = algorithm_options(setup, setup.servers);
    options.replicated = true;
    const Program replicated(algorithm->make(options));
    for (ClientSettings& client : config->clients) client.program = replicated;
  }
  return config;
}

}  // namespace locksim
