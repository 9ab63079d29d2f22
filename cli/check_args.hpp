// `locksim check`'s flags: what the command line gave (CheckArgs), read into what to explore and
// how (Checked), or errors naming the flags (exit 2; cli/flag_reader.hpp).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/diagram_output.hpp"
#include "cli/setup_flags.hpp"
#include "sim/explore/check/model_checker.hpp"
#include "sim/explore/shard.hpp"
#include "sim/explore/simulation_setup.hpp"
#include "sim/scenario/scenario.hpp"

namespace locksim::cli {

struct CheckArgs {
  SetupFlags setup{.clients = 2};
  std::string scenario;                        // empty: the setup comes from the flags
  std::vector<std::string> setup_flags_given;  // which setup flags the command line gave
  std::vector<std::string> budgets;
  std::vector<std::string> domains;
  std::string horizon;  // empty: the state graph must close
  std::string check = "all";
  std::string order = "bfs";
  std::string symmetry = "on";
  std::string partial_order = "on";
  std::optional<uint32_t> depth;
  uint64_t max_states = 20'000'000;
  std::string memory = "4G";
  std::string storage = "exact";
  std::string dot;     // a file for the explored state graph; empty: none
  uint32_t swarm = 0;  // searches of a swarm; 0: one search
  std::string shard = "1/1";
  Shard shard_read;  // --shard, read
  uint32_t jobs = 1;
  bool all = false;
  std::string smallest;  // a choice kind whose smallest breaking value to find; empty: none
  std::string from;
  std::string to;
  std::string resolution = "1ms";
  DiagramOutput diagram{"each counterexample's scenario file, check.json"};
};

// What to explore and how, read from CheckArgs.
struct Checked {
  std::string title;                     // the first line of the summary: what was explored
  std::string stem;                      // the counterexamples' file names begin check-<stem>-
  std::optional<SimulationSetup> setup;  // from the flags
  std::optional<Scenario> scenario;      // or from --scenario
  std::shared_ptr<const WorldConfig> config;
  CheckOptions options;
  std::vector<std::string> invariants;  // owns the names options.invariants views
};

// The flags read and checked against each other; none when any was bad (each error printed).
auto read_check_args(CheckArgs& args) -> std::optional<Checked>;

}  // namespace locksim::cli
