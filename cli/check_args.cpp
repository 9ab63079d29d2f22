// Reading `locksim check`'s flags; see check_args.hpp.
#include "cli/check_args.hpp"

#include <filesystem>

#include "cli/host_memory.hpp"
#include "sim/core/split.hpp"
#include "sim/explore/check/state_graph_dot.hpp"
#include "sim/explore/check/swarm.hpp"
#include "sim/scenario/scenario_check.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace locksim::cli {
namespace {

// A size in whole MiB or GiB ("4G", "512M").
auto parse_size(FlagReader& read, std::string_view flag, const std::string& text) -> uint64_t {
  uint64_t value = 0;
  size_t used = 0;
  try {
    value = std::stoull(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  const std::string unit = text.substr(used);
  const uint64_t scale = unit == "G" ? uint64_t{1} << 30 : unit == "M" ? uint64_t{1} << 20 : 0;
  if (used == 0 || scale == 0 || value == 0) {
    read.error(flag, fmt::format("takes a size such as 4G or 512M, got '{}'", text));
    return 0;
  }
  return value * scale;
}

// --storage exact | bitstate:SIZE; the bit array must fit in --memory beside everything else,
// and a bitstate search verifies nothing, so it cannot bracket --smallest's value, nor keep the
// depth left at each state that a depth-bounded DFS needs (see CheckOptions::bitstate_bytes).
void read_storage(FlagReader& read, const CheckArgs& args, CheckOptions& options) {
  if (args.storage == "exact") return;
  constexpr std::string_view kPrefix = "bitstate:";
  if (!args.storage.starts_with(kPrefix)) {
    read.error(
        "--storage",
        fmt::format("takes exact or bitstate:SIZE (such as bitstate:64M), got '{}'", args.storage));
    return;
  }
  const uint64_t bytes = parse_size(read, "--storage", args.storage.substr(kPrefix.size()));
  if (bytes == 0) return;
  if (bytes >= options.memory_max_bytes) {
    read.error("--storage", fmt::format("the bit array ({} MiB) does not fit in --memory {}",
                                        bytes >> 20, args.memory));
  }
  if ((options.order == CheckOptions::Order::depth_first || args.swarm > 1) && options.depth_max) {
    read.error("--storage",
               "bitstate cannot be used with --order dfs (or a --swarm, half of whose searches "
               "are depth-first) and --depth: a bounded depth-first search must re-explore a "
               "state reached again with more depth left, and a bit cannot say how much was "
               "left (use --order bfs, or exact storage)");
  }
  if (!args.smallest.empty()) {
    read.error("--storage",
               "bitstate cannot be used with --smallest, whose bracket needs each end verified");
  }
  options.bitstate_bytes = bytes;
}

// --dot FILE: the search stops one state past what a picture shows (kDotStatesMax), so that a
// configuration too large is refused after a short search (run), not drawn.
void read_dot(FlagReader& read, const CheckArgs& args, CheckOptions& options) {
  if (args.dot.empty()) return;
  if (!args.smallest.empty()) {
    read.error("--dot", "cannot be used with --smallest, which runs many checks");
  }
  const std::filesystem::path path(args.dot);
  const std::string file = path.filename().string();
  read.output_directory("--dot", path.has_parent_path() ? path.parent_path() : ".", {file});
  options.states_max = std::min(options.states_max, kDotStatesMax + 1);
}

// --swarm N [--shard I/N]: one check per search, so not with what needs a single search.
void read_swarm(FlagReader& read, CheckArgs& args) {
  args.shard_read = read.shard("--shard", args.shard);
  if (args.swarm == 0) {
    if (args.shard != "1/1") read.error("--shard", "needs --swarm, whose searches it splits");
    return;
  }
  if (args.shard_read.count > args.swarm) {
    read.error("--shard", fmt::format("splits {} searches into at most {} shards, got {}",
                                      args.swarm, args.swarm, args.shard));
  }
  if (!args.dot.empty()) read.error("--dot", "draws one search's graph: not with --swarm");
  if (!args.smallest.empty()) read.error("--smallest", "cannot be used with --swarm");
}

// --scenario: the file's setup, with its pins, and its own horizon (its duration). A recorded run
// (a [replay] section) fixes every choice and leaves nothing to explore: refused.
auto read_scenario(FlagReader& read, const CheckArgs& args) -> std::optional<Checked> {
  for (const std::string& flag : args.setup_flags_given) {
    read.error(flag, "cannot be given with --scenario, whose file sets up the run");
  }
  const ScenarioLoad load = load_scenario_file(args.scenario);
  if (!load.scenario) {
    fmt::print(stderr, "{}", load.diagnostics.format());
    read.error("--scenario",
               fmt::format("'{}' has {} error(s)", args.scenario, load.diagnostics.list().size()));
    return std::nullopt;
  }
  const Scenario& scenario = *load.scenario;
  if (const std::optional<std::string> why = unexplorable(scenario)) {
    read.error("--scenario", fmt::format("'{}': {}", args.scenario, *why));
    return std::nullopt;
  }
  if (!read.ok()) return std::nullopt;
  ScenarioCheck explored = scenario_check(scenario);
  Checked checked;
  checked.title =
      fmt::format("scenario {} ({}), {} clients, {} server(s), ttl {}, faults {}", args.scenario,
                  scenario.name, scenario.clients.size(), scenario.servers.size(),
                  scenario.clients.front().options.ttl, describe_faults(scenario.faults));
  checked.stem = std::filesystem::path(args.scenario).stem().string();
  checked.config = std::move(explored.config);
  checked.options = std::move(explored.options);
  checked.scenario = scenario;
  return checked;
}

auto read_setup(FlagReader& read, const CheckArgs& args) -> std::optional<Checked> {
  std::optional<SimulationSetup> setup = args.setup.read(read, 3);
  if (!setup) return std::nullopt;
  Checked checked;
  checked.config = make_world_config(*setup);
  checked.title = fmt::format("{}, {} clients, {}, ttl {}, faults {}",
                              algorithm_text(setup->algorithm, setup->parameters), setup->clients,
                              describe_servers(setup->flavour, checked.config->servers.size()),
                              setup->ttl, describe_faults(setup->faults));
  checked.stem = setup->algorithm;
  checked.options.domains = ChoiceDomains(setup->ttl, setup->request_timeout, setup->faults);
  checked.setup = std::move(setup);
  return checked;
}

auto read_on_off(FlagReader& read, std::string_view flag, const std::string& text) -> bool {
  if (text != "on" && text != "off") {
    read.error(flag, fmt::format("takes on or off, got '{}'", text));
  }
  return text == "on";
}

// --check: the invariants the monitors check on every transition, and `starvation`, which is
// looked for in the explored graph (not part of `all`: it keeps every transition and needs the
// graph to close).
void read_invariants(FlagReader& read, const CheckArgs& args, Checked& checked) {
  std::vector<std::string> monitored;
  for (const std::string_view name : split(args.check, ',')) {
    if (name == "starvation") {
      checked.options.starvation = true;
    } else {
      monitored.emplace_back(name);
    }
  }
  if (!monitored.empty() || !checked.options.starvation) {
    // A counter workload's lost-update is checked too (make_workload_invariants).
    const bool workload = !make_workload_invariants(*checked.config).empty();
    checked.invariants =
        read.invariants("--check", fmt::format("{}", fmt::join(monitored, ",")), workload);
  }
  for (const std::string& name : checked.invariants) checked.options.invariants.push_back(name);
  if (checked.options.starvation) checked.invariants.emplace_back("starvation");
}

// Starvation is a cycle of the graph of states relative to now, explored exactly to the end by
// one search.
void check_starvation_fits(FlagReader& read, const CheckArgs& args, const Checked& checked) {
  const CheckOptions& options = checked.options;
  if (!times_can_be_relative(*checked.config, options)) {
    read.error("--check",
               "starvation needs states relative to now, whose infinite behaviours are cycles: "
               "no --horizon (with --scenario, --horizon none), no drifting clock, no algorithm "
               "that stores times as data (getset, getset-naive)");
  }
  if (checked.config->clients.size() > 64) {
    read.error("--check", "starvation follows at most 64 clients");
  }
  if (options.bitstate_bytes) {
    read.error("--check",
               "starvation needs exact storage: a bit cannot name the state a "
               "transition reaches");
  }
  if (args.swarm > 0)
    read.error("--check", "starvation is looked for by one search: not with --swarm");
  if (!args.smallest.empty()) read.error("--check", "starvation cannot be used with --smallest");
}

}  // namespace

auto read_check_args(CheckArgs& args) -> std::optional<Checked> {
  FlagReader read("check");
  std::optional<Checked> read_checked =
      args.scenario.empty() ? read_setup(read, args) : read_scenario(read, args);
  if (!read_checked) return std::nullopt;
  Checked& checked = *read_checked;
  CheckOptions& options = checked.options;
  if (!checked.scenario) options.budget = default_budget(*checked.config);
  for (const std::string& text : args.budgets) {
    if (const auto error = read_budget(text, *checked.config, options.budget)) {
      read.error("--budget", *error);
    }
  }
  for (const std::string& text : args.domains) {
    DomainParse parsed = parse_domain(text);
    if (!parsed.domain) {
      read.error("--domain", parsed.error);
      continue;
    }
    options.domains.set(parsed.domain->first, std::move(parsed.domain->second));
  }
  if (args.horizon == "none") {
    options.horizon.reset();
  } else if (!args.horizon.empty()) {
    options.horizon = read.duration("--horizon", args.horizon, FlagReader::Sign::positive);
  }
  read_invariants(read, args, checked);
  if (args.order != "bfs" && args.order != "dfs") {
    read.error("--order", fmt::format("takes bfs or dfs, got '{}'", args.order));
  }
  options.order =
      args.order == "dfs" ? CheckOptions::Order::depth_first : CheckOptions::Order::breadth_first;
  options.symmetry = read_on_off(read, "--symmetry", args.symmetry);
  options.partial_order = read_on_off(read, "--por", args.partial_order);
  options.depth_max = args.depth;
  options.states_max = args.max_states;
  options.memory_max_bytes = parse_size(read, "--memory", args.memory);
  read_storage(read, args, options);
  options.memory_in_use = resident_bytes;
  options.jobs = args.jobs;
  options.all = args.all;
  read_dot(read, args, options);
  read_swarm(read, args);
  if (options.starvation) check_starvation_fits(read, args, checked);
  args.diagram.check(read);
  if (!read.ok()) return std::nullopt;
  return read_checked;
}

}  // namespace locksim::cli
