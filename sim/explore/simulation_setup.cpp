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
  for (ServerSettings& server : config->servers) server.flavour = setup.flavour;
  apply_faults(setup.faults, *config);
  if (has_replica_of_first_master(*config)) {  // the faults gave the master a replica
    AlgorithmOptions options = algorithm_options(setup, setup.servers);
    options.replicated = true;
    const Program replicated(algorithm->make(options));
    for (ClientSettings& client : config->clients) client.program = replicated;
  }
  return config;
}

auto describe_servers(const redis::Flavour& flavour, size_t count) -> std::string {
  if (!flavour.dragonfly()) return fmt::format("{} server(s)", count);
  const std::string flags = redis::to_string(flavour.default_lua_flags);
  return fmt::format("{} {} server(s){}", count, redis::to_string(flavour.kind),
                     flags.empty() ? "" : fmt::format(" (default Lua flags {})", flags));
}

auto flavour_refuses(const SimulationSetup& setup) -> std::optional<std::string> {
  if (!setup.flavour.dragonfly()) return std::nullopt;
  return flavour_refuses(*make_world_config(setup));
}

auto flavour_refuses(const WorldConfig& config) -> std::optional<std::string> {
  for (uint32_t s = 0; s < config.servers.size(); ++s) {
    if (std::optional<std::string> why = flavour_refuses(config, ServerId{s})) return why;
  }
  return std::nullopt;
}

auto flavour_refuses(const WorldConfig& config, ServerId id) -> std::optional<std::string> {
  const ServerSettings& server = config.servers[id.index];
  if (!server.flavour.dragonfly()) return std::nullopt;
  using Mode = PersistenceSettings::Mode;
  if (server.persistence.mode == Mode::aof_everysec ||
      server.persistence.mode == Mode::aof_always) {
    return fmt::format(
        "{} is Dragonfly, which has no AOF (\"Currently, Dragonfly does not support AOF\", its "
        "docs): its persistence is snapshots only, so '{}' cannot be",
        id, to_string(server.persistence.mode));
  }
  if (config.active_active_databases > 0) {
    return fmt::format(
        "{} is Dragonfly, which has no Active-Active (a Redis Enterprise and Redis Cloud feature)",
        id);
  }
  return std::nullopt;
}

}  // namespace locksim
