// The setup flags; see setup_flags.hpp.
#include "cli/setup_flags.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "models/registry.hpp"

namespace locksim::cli {

void SetupFlags::add_flags(CLI::App& command, std::string_view servers_default) {
  command.add_option("--algorithm", algorithm,
                     "Lock algorithm and its parameters, e.g. redlock:tries=5 (default "
                     "set-nx-px; `locksim list algorithms` names them all)");
  command.add_option("--clients", clients, "Number of contending clients")
      ->check(CLI::Range(1U, kClientsMax))
      ->capture_default_str();
  command
      .add_option(
          "--servers", servers,
          fmt::format("Masters of a multi-server lock such as Redlock ({})", servers_default))
      ->check(CLI::Range(1U, kServersMax));
  command.add_option("--ttl", ttl, "Lock time-to-live, whole ms, e.g. 1s (default 1s)");
  command.add_option("--faults", faults,
                     "Fault profiles, e.g. gc-pause,clock-jump:max=5s (default none; `locksim "
                     "list faults` names them and their parameters)");
  command.add_option("--request-timeout", request_timeout,
                     "Client request timeout; 0 waits forever (default 500ms)");
  command.add_option("--work", work,
                     "Every critical section lasts this long (default: 10%..50% of the ttl)");
  command.add_option("--idle", idle,
                     "Clients wait this long between locks (default: up to 50% of the ttl)");
  command.add_option("--retry-delay", retry_delay,
                     "Wait between failed attempts (default: the algorithm's own)");
  command.add_option("--extend-before", extend_before,
                     "Holders extend their lease this long before it ends, e.g. 300ms (Redlock "
                     "presets; each extends as its library does; default: never)");
  add_server_flags(command);
}

void SetupFlags::add_server_flags(CLI::App& command) {
  command.add_option("--server-flavour", server_flavour,
                     "The servers: redis (Redis 7.0) or dragonfly (Dragonfly's differences a "
                     "lock can see; README \"Dragonfly\") (default redis)");
  command.add_option("--default-lua-flags", default_lua_flags,
                     "Dragonfly's --default_lua_flags for every script without its own "
                     "`--!df flags=` line: allow-undeclared-keys, disable-atomicity "
                     "(comma-separated; default none)");
}

auto read_flavour(FlagReader& read, const std::string& name, const std::string& lua_flags)
    -> redis::Flavour {
  redis::Flavour flavour;
  if (const std::optional<redis::Flavour::Kind> kind = redis::parse_flavour_kind(name)) {
    flavour.kind = *kind;
  } else {
    read.error("--server-flavour", fmt::format("unknown server flavour '{}' (known: {})", name,
                                               fmt::join(redis::kFlavourNames, " ")));
  }
  if (lua_flags.empty()) return flavour;
  if (!flavour.dragonfly()) {
    read.error("--default-lua-flags", "Lua flags are Dragonfly's: add --server-flavour dragonfly");
  } else if (const auto unknown = redis::add_lua_flags(lua_flags, flavour.default_lua_flags)) {
    read.error("--default-lua-flags", fmt::format("unknown Lua flag '{}' (known: {})", *unknown,
                                                  fmt::join(redis::kLuaFlagNames, " ")));
  }
  return flavour;
}

auto SetupFlags::read(FlagReader& read, uint32_t default_servers) const
    -> std::optional<SimulationSetup> {
  const AlgorithmSpec spec = parse_algorithm(algorithm);
  if (!spec.entry && spec.errors.empty()) {
    std::string known;
    for (const std::span<const AlgorithmEntry> catalog :
         {algorithm_catalog(), workload_catalog()}) {
      for (const AlgorithmEntry& entry : catalog) known += " " + std::string(entry.name);
    }
    read.error("--algorithm", fmt::format("unknown algorithm '{}' (known:{})", algorithm, known));
  }
  for (const std::string& error : spec.errors) read.error("--algorithm", error);
  const auto optional_duration = [&](std::string_view flag, const std::string& text) {
    return text.empty() ? std::nullopt
                        : std::optional(read.duration(flag, text, FlagReader::Sign::positive));
  };
  const bool several = spec.entry && spec.entry->make({.servers = 3})->servers() == 3;
  SimulationSetup setup{.clients = clients,
                        .ttl = read.ttl("--ttl", ttl),
                        .servers = servers.value_or(several ? default_servers : 1),
                        .request_timeout = read.duration("--request-timeout", request_timeout,
                                                         FlagReader::Sign::not_negative),
                        .faults = read.faults("--faults", faults),
                        .extend_before = optional_duration("--extend-before", extend_before),
                        .work = optional_duration("--work", work),
                        .idle = optional_duration("--idle", idle),
                        .retry_delay = optional_duration("--retry-delay", retry_delay),
                        .flavour = read_flavour(read, server_flavour, default_lua_flags)};
  // The command line's ranges check the flags; sweep axes set these too.
  if (setup.clients > kClientsMax) {
    read.error("--clients", fmt::format("at most {} clients, got {}", kClientsMax, setup.clients));
  }
  if (setup.servers > kServersMax) {
    read.error("--servers", fmt::format("at most {} masters, got {}", kServersMax, setup.servers));
  }
  if (setup.extend_before && *setup.extend_before >= setup.ttl) {
    read.error("--extend-before", fmt::format("must be shorter than the ttl ({}), got {}",
                                              setup.ttl, *setup.extend_before));
  }
  if (!read.ok() || !spec.entry) return std::nullopt;
  setup.algorithm = std::string(spec.entry->name);
  setup.parameters = spec.parameters;
  if (const std::optional<std::string> refused = flavour_refuses(setup)) {
    read.error("--server-flavour", *refused);
    return std::nullopt;
  }
  return setup;
}

auto SetupFlags::workload_text() const -> std::string {
  std::string flags;
  for (const auto& [flag, value] : {std::pair{"--work", &work},
                                    {"--idle", &idle},
                                    {"--retry-delay", &retry_delay},
                                    {"--extend-before", &extend_before},
                                    {"--default-lua-flags", &default_lua_flags}}) {
    if (!value->empty()) flags += fmt::format(" {} {}", flag, *value);
  }
  if (server_flavour != SetupFlags{}.server_flavour) {
    flags = fmt::format(" --server-flavour {}{}", server_flavour, flags);
  }
  return flags;
}

}  // namespace locksim::cli
