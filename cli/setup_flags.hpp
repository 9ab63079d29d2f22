// The flags that say what is run — algorithm, clients, servers, lease, faults and the workload
// timings — shared by the subcommands that build one setup (`simulate`, `check`), read into a
// SimulationSetup with every problem reported.
#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/flag_values.hpp"
#include "sim/explore/simulation_setup.hpp"

namespace locksim::cli {

// The widest world a setup may ask for. --clients and --servers, and the sweep axes that set
// them, stay within these (a Redlock tag names at most 64 masters).
inline constexpr uint32_t kClientsMax = 1000;
inline constexpr uint32_t kServersMax = 64;

// The flavour --server-flavour and --default-lua-flags name, with every problem reported.
auto read_flavour(FlagReader& read, const std::string& name, const std::string& lua_flags)
    -> redis::Flavour;

struct SetupFlags {
  std::string algorithm = "set-nx-px";
  uint32_t clients = 3;
  std::optional<uint32_t> servers;  // none: the command's default
  std::string ttl = "1s";
  std::string faults = "none";
  std::string request_timeout = "500ms";
  std::string extend_before;  // empty: holders never extend
  std::string work;           // empty: each the algorithm's own
  std::string idle;
  std::string retry_delay;
  std::string server_flavour = "redis";
  std::string default_lua_flags;  // Dragonfly's --default_lua_flags

  void add_flags(CLI::App& command, std::string_view servers_default);
  // --server-flavour and --default-lua-flags alone, for a command with its own other flags.
  void add_server_flags(CLI::App& command);
  // The setup, with --servers masters if given, else `default_servers` for an algorithm that
  // locks several and one for the others; none (with the problems reported) when a value is bad.
  auto read(FlagReader& read, uint32_t default_servers) const -> std::optional<SimulationSetup>;
  // The optional workload flags as given, for a replay command.
  auto workload_text() const -> std::string;
};

}  // namespace locksim::cli
