// `locksim check`; see check_command.hpp. Flags are read into a setup (as `simulate` reads
// them) and check options, the model checker runs, and every counterexample is replayed through
// simulate to print its path, explain it and draw it. Exit codes: 0 verified (within the
// horizon, if one was given) or, in bitstate storage, no violation found, 1 counterexample, 2 bad
// input, 3 a bound was reached first.
#include "cli/check_command.hpp"

#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "cli/check_args.hpp"
#include "cli/diagram_output.hpp"
#include "cli/found_scenario.hpp"
#include "cli/host_memory.hpp"
#include "cli/output_file.hpp"
#include "cli/setup_flags.hpp"
#include "sim/core/assert.hpp"
#include "sim/core/split.hpp"
#include "sim/explore/check/counterexample.hpp"
#include "sim/explore/check/model_checker.hpp"
#include "sim/explore/check/smallest_breaking.hpp"
#include "sim/explore/check/state_graph.hpp"
#include "sim/explore/check/state_graph_dot.hpp"
#include "sim/explore/check/swarm.hpp"
#include "sim/report/explained_steps.hpp"
#include "sim/report/race_diagram.hpp"
#include "sim/report/text_trace.hpp"
#include "sim/scenario/scenario_check.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/scenario/scenario_run.hpp"
#include "sim/scenario/scenario_world.hpp"
#include "sim/scenario/scenario_writer.hpp"

namespace locksim::cli {
namespace {

auto verdict_line(const CheckResult& result, const CheckOptions& options) -> std::string {
  switch (result.verdict) {
    case CheckResult::Verdict::verified:
      return options.horizon ? fmt::format("verified up to {} of true time", *options.horizon)
                             : std::string("verified: the state graph closed");
    case CheckResult::Verdict::violated: {
      std::string names;
      for (const Counterexample& c : result.counterexamples) {
        names += fmt::format("{}{} ({} steps)", names.empty() ? "" : ", ", c.finding.invariant,
                             c.steps.size());
      }
      return fmt::format("counterexample: {}", names);
    }
    case CheckResult::Verdict::bound_reached:
      return fmt::format(
          "no violation within the bounds explored: {} states, depth {}; stopped at {}",
          result.distinct_states, result.depth, to_string(result.bound));
    case CheckResult::Verdict::no_violation_found:
      return fmt::format("no violation found; probability of having missed a state <= {:.1e}",
                         result.omission_probability);
  }
  return {};
}

// What was checked and how: the lines a single search and a swarm print alike.
void print_header(const Checked& checked, std::string_view verdict, bool horizon_cut,
                  const DomainsUsed& domains) {
  const CheckOptions& options = checked.options;
  fmt::print("locksim check: {}\n", checked.title);
  fmt::print("  verdict         {}\n", verdict);
  if (checked.scenario) {
    const std::optional<std::vector<std::string>>& expected = checked.scenario->expect.violated;
    fmt::print("  scenario        expects {}\n",
               !expected           ? std::string("no verdict (no [expect] violated)")
               : expected->empty() ? std::string("no violation")
                                   : fmt::format("{} violated", fmt::join(*expected, ", ")));
  }
  fmt::print("  checked         {}\n", fmt::join(checked.invariants, ", "));
  fmt::print(
      "  bounds          horizon {}, depth {}, max states {}, memory {} MiB; {}\n",
      options.horizon ? fmt::format("{}", *options.horizon) : std::string("none"),
      options.depth_max ? fmt::format("{}", *options.depth_max) : std::string("none"),
      options.states_max, options.memory_max_bytes >> 20,
      horizon_cut ? "some states had events after the horizon" : "nothing was cut by the horizon");
  fmt::print("  budget          {}\n", options.budget.describe());
  fmt::print("  domains         {}\n", domains.describe());
  fmt::print("  from profiles   {}\n", options.domains.describe_profiles());
  if (!options.pins.empty()) {
    std::vector<std::string> pins;
    for (const PinnedChoice& pin : options.pins) pins.push_back(describe(pin));
    fmt::print("  pinned          {}\n", fmt::join(pins, ", "));
  }
}

// Which states were taken as one beyond the canonical state itself.
auto describe_reductions(const CheckOptions& options, const CheckResult& result) -> std::string {
  const std::string time = result.relative_time ? "relative time" : "absolute time";
  const std::string symmetry = result.symmetry ? "symmetry over interchangeable clients"
                               : options.symmetry
                                   ? fmt::format("symmetry off ({})", result.symmetry_off)
                                   : std::string("symmetry off (--symmetry off)");
  const std::string partial_order =
      result.partial_order
          ? fmt::format("partial order: {} states expanded by one client-side step alone",
                        result.fired_alone)
      : options.partial_order ? fmt::format("partial order off ({})", result.partial_order_off)
                              : std::string("partial order off (--por off)");
  return fmt::format("{}, {}, {}", time, symmetry, partial_order);
}

void print_summary(const Checked& checked, const CheckResult& result, double wall_seconds,
                   uint64_t memory_growth) {
  const CheckOptions& options = checked.options;
  print_header(checked, verdict_line(result, options), result.horizon_cut, result.domains);
  fmt::print("  reductions      {}\n", describe_reductions(options, result));
  fmt::print("  states          {} distinct, {} transitions, depth {}\n", result.distinct_states,
             result.transitions, result.depth);
  const double bytes_per_state = static_cast<double>(result.visited_bytes) /
                                 static_cast<double>(std::max<uint64_t>(result.distinct_states, 1));
  if (result.bitstate) {
    fmt::print("  visited set     bitstate, {} bytes ({:.1f} bits per state)\n",
               result.visited_bytes, bytes_per_state * 8);
    fmt::print("  hash functions  {}\n", result.hash_functions);
    fmt::print(
        "  omission        a new state now taken for seen with probability {:.1e}; any "
        "state missed <= {:.1e} (fingerprint collisions {:.1e} included)\n",
        result.false_positive_rate, result.omission_probability, result.collision_probability);
  } else {
    fmt::print("  visited set     {} bytes ({:.1f} per state), collision probability {:.1e}\n",
               result.visited_bytes, bytes_per_state, result.collision_probability);
  }
  fmt::print("  memory          {:.1f} bytes per state (peak growth, frontier included)\n",
             static_cast<double>(memory_growth) /
                 static_cast<double>(std::max<uint64_t>(result.distinct_states, 1)));
  fmt::print("  wall time       {:.3f} s ({:.3f} M states/s on {} job(s))\n", wall_seconds,
             static_cast<double>(result.distinct_states) / wall_seconds / 1e6, options.jobs);
}

auto describe_action(const PathStep& step) -> std::string {
  std::string text = step_label(step.action, step.event);
  if (step.action.kind == Action::Kind::fire && step.action.due_index > 0) {
    text += fmt::format(" (event {} of those due at this instant)", step.action.due_index + 1);
  }
  return text;
}

// The counterexample as a scenario file: the setup, every choice and action, and what its
// replay violated.
auto checked_scenario(const Checked& checked, const Counterexample& counterexample,
                      const SimulationResult& replay) -> Scenario {
  const SimulationOptions options = replay_options(counterexample);
  Scenario base = checked.scenario ? *checked.scenario
                                   : recorded_scenario(*checked.setup, options.seed,
                                                       options.duration, {}, replay);
  Scenario scenario = counterexample_scenario(std::move(base), counterexample, replay);
  scenario.name =
      checked.setup
          ? fmt::format("check --algorithm {}: {} counterexample",
                        algorithm_text(checked.setup->algorithm, checked.setup->parameters),
                        counterexample.finding.invariant)
          : fmt::format("check --scenario ({}): {} counterexample", checked.scenario->name,
                        counterexample.finding.invariant);
  scenario.description = fmt::format(
      "Found by locksim check ({} steps): {}. Every choice and every step that differs from "
      "firing the event due first is pinned below.",
      counterexample.steps.size(), counterexample.finding.what);
  return scenario;
}

auto write_counterexample(const Checked& checked, const CheckArgs& args,
                          const Counterexample& counterexample, const SimulationResult& replay)
    -> std::optional<std::string> {
  return write_found_scenario(
      checked_scenario(checked, counterexample, replay),
      fmt::format("check-{}-{}", checked.stem, counterexample.finding.invariant), args.diagram,
      "check");
}

void print_counterexample(const std::shared_ptr<const WorldConfig>& checked_config,
                          const Counterexample& counterexample, const TraceLog& log) {
  const SimulationOptions options = replay_options(counterexample);
  FinalWorld final_world;
  ScriptedChooser chooser(counterexample.choices(), counterexample.pins);
  const std::vector<ScheduledAction> actions = scheduled_actions(counterexample);
  simulate(checked_config, options,
           {.chooser = &chooser, .observer = &final_world, .actions = &actions});
  fmt::print("\nCOUNTEREXAMPLE {}: {} at {} (step {})\n", counterexample.finding.invariant,
             counterexample.finding.what, counterexample.finding.at, counterexample.finding.step);
  fmt::print("  path ({} steps; initial choices:", counterexample.steps.size());
  for (const RecordedChoice& choice : counterexample.initial_choices) {
    fmt::print(" {} #{} {}", to_string(choice.kind), choice.subject + 1, choice.value);
  }
  fmt::print(")\n");
  for (size_t i = 0; i < counterexample.steps.size(); ++i) {
    const PathStep& step = counterexample.steps[i];
    std::string choices;
    for (const RecordedChoice& choice : step.choices) {
      choices += fmt::format("{}{} #{} = {}", choices.empty() ? "; chose " : ", ",
                             to_string(choice.kind), choice.subject + 1, choice.value);
    }
    if (counterexample.cycle_from == i) {
      fmt::print("  the cycle, which repeats forever from here:\n");
    }
    fmt::print("  {:>4}  {:>12}  {}{}\n", i + 1, fmt::format("{}", step.event.at),
               describe_action(step), choices);
  }
  fmt::print("  trace of the path, replayed by simulate:\n");
  for (const LoggedEntry& entry : log.entries()) fmt::print("    {}\n", format_entry(entry));
  fmt::print("{}", explain_finding(counterexample.finding, final_world.world(),
                                   finding_steps(counterexample.finding, log.entries())));
}

auto write_summary(const std::string& dir, std::string_view verdict, const CheckResult& result,
                   const CheckOptions& options, const nlohmann::json& files) -> bool {
  nlohmann::json pinned = nlohmann::json::array();
  for (const PinnedChoice& pin : options.pins) pinned.push_back(describe(pin));
  const nlohmann::json summary = {
      {"verdict", verdict},
      {"distinct_states", result.distinct_states},
      {"transitions", result.transitions},
      {"depth", result.depth},
      {"bound", to_string(result.bound)},
      {"budget", options.budget.describe()},
      {"domains", result.domains.describe()},
      {"profile_domains", options.domains.describe_profiles()},
      {"pinned", pinned},
      {"horizon_us", options.horizon ? options.horizon->us : int64_t{-1}},
      {"collision_probability", result.collision_probability},
      {"storage", result.bitstate ? "bitstate" : "exact"},
      {"omission_probability", result.omission_probability},
      {"reductions", describe_reductions(options, result)},
      {"counterexamples", files}};
  const std::string path = (std::filesystem::path(dir) / "check.json").string();
  std::ofstream file(path, std::ios::binary);
  file << summary.dump(2) << "\n";
  if (file) return true;
  fmt::print(stderr, "locksim check: error: --out: cannot write '{}'\n", path);
  return false;
}

// What --smallest found: the check at the smallest value that breaks, or none with the exit
// code (0: nothing breaks up to --to; 2: bad input; 3: a bound stopped the search first).
struct BreakingSearch {
  std::optional<CheckResult> breaking;
  int exit_code = 0;
};

// --smallest KIND --from A --to B: bisects the choice's value with exhaustive checks and prints
// each; the breaking value becomes the choice's domain in `checked`.
auto search_smallest(const CheckArgs& args, Checked& checked) -> BreakingSearch {
  FlagReader read("check");
  const ChoiceKindParse kind = parse_choice_kind(args.smallest);
  if (!kind.kind) read.error("--smallest", kind.error);
  if (args.from.empty() || args.to.empty()) read.error("--smallest", "needs --from and --to");
  const SmallestSearch search{
      .kind = kind.kind.value_or(ChoiceKind::pause_length),
      .from = args.from.empty()
                  ? Duration{}
                  : read.duration("--from", args.from, FlagReader::Sign::not_negative),
      .to =
          args.to.empty() ? Duration{} : read.duration("--to", args.to, FlagReader::Sign::positive),
      .resolution = read.duration("--resolution", args.resolution, FlagReader::Sign::positive)};
  if (read.ok() && search.to <= search.from) read.error("--to", "must be above --from");
  if (!read.ok()) return {std::nullopt, 2};
  const SmallestResult found = find_smallest_breaking(checked.config, checked.options, search);
  fmt::print("locksim check --smallest {}: from {} to {}, to within {}\n", args.smallest,
             search.from, search.to, search.resolution);
  for (const SmallestStep& step : found.steps) {
    fmt::print("  {:>12}  {} ({} states)\n", fmt::format("{}", step.value),
               step.verdict == CheckResult::Verdict::violated   ? "counterexample"
               : step.verdict == CheckResult::Verdict::verified ? "verified"
                                                                : "bound reached",
               step.states);
  }
  if (!found.breaks_at) {
    fmt::print("{}\n", found.bound_reached ? "stopped at a bound before any value broke"
                                           : fmt::format("no counterexample up to {} of {}",
                                                         search.to, args.smallest));
    return {std::nullopt, found.bound_reached ? 3 : 0};
  }
  if (found.holds_at) {
    fmt::print("smallest breaking {}: above {} (verified), at most {} (counterexample){}\n",
               args.smallest, *found.holds_at, *found.breaks_at,
               found.bound_reached ? "; a bound stopped the bisection there" : "");
  } else {
    fmt::print("smallest breaking {}: at most {}, the smallest value tried\n", args.smallest,
               *found.breaks_at);
  }
  checked.options.domains.set(search.kind, {*found.breaks_at});
  return {found.breaking, 0};
}

// Prints each counterexample of `result` with its replayed trace and writes its scenario file, and
// check.json under --out saying `verdict`; false, with the error said, when a file cannot be
// written.
auto report(const CheckArgs& args, const Checked& checked, std::string_view verdict,
            const CheckResult& result) -> bool {
  const auto explored = without_recurring_faults(*checked.config);
  nlohmann::json files = nlohmann::json::array();
  for (const Counterexample& counterexample : result.counterexamples) {
    TraceLog log;
    const SimulationResult replayed = replay_counterexample(explored, counterexample, &log);
    print_counterexample(explored, counterexample, log);
    const std::optional<std::string> written =
        write_counterexample(checked, args, counterexample, replayed);
    if (!written) return false;
    if (!written->empty()) {
      fmt::print("  scenario: {} (`locksim run` replays it)\n", *written);
      files.push_back(*written);
    }
  }
  return args.diagram.out_dir().empty() ||
         write_summary(args.diagram.out_dir(), verdict, result, checked.options, files);
}

auto verdict_exit_code(CheckResult::Verdict verdict) -> int {
  switch (verdict) {
    case CheckResult::Verdict::verified: return 0;
    case CheckResult::Verdict::no_violation_found: return 0;
    case CheckResult::Verdict::violated: return 1;
    case CheckResult::Verdict::bound_reached: return 3;
  }
  return 0;
}

// --swarm N: the shard's searches, a line each in number order, and the verdict read from them:
// the lowest-numbered counterexample, else the lowest-numbered search that verified, else the
// least omission bound of the bitstate searches that finished, else the bounds were reached.
auto run_swarm_searches(const CheckArgs& args, const Checked& checked) -> int {
  const SwarmOptions swarm{args.swarm, args.shard_read, args.jobs};
  const auto started = std::chrono::steady_clock::now();
  const SwarmResult result = run_swarm(checked.config, checked.options, swarm);
  const double wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const SwarmSearch* decides = result.first_violation();
  std::string verdict;
  if (decides) {
    verdict = fmt::format("{}, by search {} (the lowest-numbered that found one)",
                          verdict_line(decides->result, checked.options), decides->number);
  } else if ((decides = result.first_verified()) || (decides = result.least_omission())) {
    verdict = fmt::format("{}, by search {}", verdict_line(decides->result, checked.options),
                          decides->number);
  } else {
    verdict =
        fmt::format("no violation within the bounds of {} search(es)", result.searches.size());
  }
  DomainsUsed domains;
  bool horizon_cut = false;
  uint64_t states = 0;
  for (const SwarmSearch& search : result.searches) {
    domains.merge(search.result.domains);
    horizon_cut |= search.result.horizon_cut;
    states += search.result.distinct_states;
  }
  print_header(checked, verdict, horizon_cut, domains);
  fmt::print("  swarm           {} searches; shard {}: {} of them\n", args.swarm,
             to_string(swarm.shard), result.searches.size());
  for (const SwarmSearch& search : result.searches) {
    const CheckResult& searched = search.result;
    fmt::print("  search {:<8} {}, {}: {}; {} states, {} transitions, depth {}\n", search.number,
               search.order == CheckOptions::Order::breadth_first ? "bfs" : "dfs",
               search.successor_order == 0 ? std::string("enumerated order")
                                           : fmt::format("order {:016x}", search.successor_order),
               verdict_line(searched, checked.options), searched.distinct_states,
               searched.transitions, searched.depth);
  }
  fmt::print("  wall time       {:.3f} s ({:.3f} M states/s on {} job(s))\n", wall_seconds,
             static_cast<double>(states) / wall_seconds / 1e6, args.jobs);
  if (!decides) return 3;
  if (!report(args, checked, verdict, decides->result)) return 2;
  return verdict_exit_code(decides->result.verdict);
}

// Writes the state graph of --dot; false, with the error said, when it is too large to draw or
// cannot be written.
auto write_dot(const CheckArgs& args, const Checked& checked, const CheckResult& result,
               const StateGraph& graph) -> bool {
  if (result.distinct_states > kDotStatesMax) {
    fmt::print(stderr,
               "locksim check: error: --dot: the state graph has more than {} states, the most "
               "a picture is drawn of; give a smaller configuration (fewer domain values or "
               "faults, a shorter --horizon) or a --depth\n",
               kDotStatesMax);
    return false;
  }
  const std::string title =
      fmt::format("locksim check: {}\n{}", checked.title, verdict_line(result, checked.options));
  if (write_file(args.dot, state_graph_dot(graph, title))) return true;
  fmt::print(stderr, "locksim check: error: --dot: cannot write '{}'\n", args.dot);
  return false;
}

auto run(CheckArgs& args) -> int {
  std::optional<Checked> checked = read_check_args(args);
  if (!checked) return 2;
  const uint64_t memory_before = resident_bytes();
  uint64_t memory_peak = memory_before;
  checked->options.progress = [&](const CheckProgress& progress) {
    memory_peak = std::max(memory_peak, progress.memory_bytes);
    if (!isatty(STDERR_FILENO)) return;
    fmt::print(stderr, "\r  {} states, {} transitions, depth {}, frontier {}, {} MiB   ",
               progress.states, progress.transitions, progress.depth, progress.frontier,
               progress.memory_bytes >> 20);
  };
  if (args.swarm > 0) {
    try {
      return run_swarm_searches(args, *checked);
    } catch (const DomainError& error) {
      fmt::print(stderr, "locksim check: error: --domain: {}\n", error.what());
      return 2;
    }
  }
  StateGraph graph;
  if (!args.dot.empty()) checked->options.graph = &graph;
  const auto started = std::chrono::steady_clock::now();
  CheckResult result;
  try {
    if (args.smallest.empty()) {
      result = check(checked->config, checked->options);
    } else {
      BreakingSearch search = search_smallest(args, *checked);
      if (!search.breaking) return search.exit_code;
      result = std::move(*search.breaking);
    }
  } catch (const DomainError& error) {
    fmt::print(stderr, "locksim check: error: --domain: {}\n", error.what());
    return 2;
  }
  const double wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (isatty(STDERR_FILENO)) fmt::print(stderr, "\r\033[K");
  if (!args.dot.empty() && !write_dot(args, *checked, result, graph)) return 2;
  memory_peak = std::max(memory_peak, resident_bytes());
  print_summary(*checked, result, wall_seconds, memory_peak - memory_before);
  if (!args.dot.empty()) {
    fmt::print("  state graph     {} states, {} transitions: {} (Graphviz DOT)\n",
               graph.states().size(), graph.transitions().size(), args.dot);
  }
  if (!report(args, *checked, verdict_line(result, checked->options), result)) return 2;
  return verdict_exit_code(result.verdict);
}

}  // namespace

void add_check_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* sub = app.add_subcommand(
      "check", "Model-check a lock algorithm: every interleaving and choice within bounds");
  args->setup.add_flags(*sub, "default: 3 for an algorithm that locks several, else 1");
  sub->add_option("--budget", args->budgets,
                  "Faults the exploration may inject, KIND=N, repeatable; kinds: pauses, "
                  "client-crashes, server-crashes, clock-jumps, partitions (default: one of each "
                  "kind the --faults profiles bring)");
  sub->add_option("--domain", args->domains,
                  "The values a kind of choice takes, KIND=V1/V2/..., repeatable (`locksim list "
                  "choices` names the kinds)");
  sub->add_option("--scenario", args->scenario,
                  "Explore a scenario file's setup (instead of --algorithm ... --extend-before): "
                  "its pins and timeline stay, everything else is open; its duration is the "
                  "default horizon");
  sub->add_option("--horizon", args->horizon,
                  "Explore up to this much true time, or none (default: none, the state graph "
                  "must close; with --scenario, its duration)");
  sub->add_option("--check", args->check,
                  "Invariants to check: all (default) or a list of mutex, resource, "
                  "foreign-release, ttl, liveness, quorum; and starvation (not in all): a fair "
                  "cycle on which a client never gets the lock, where the graph closes");
  sub->add_option("--order", args->order, "bfs (default: shortest counterexample) or dfs");
  sub->add_option("--symmetry", args->symmetry,
                  "on (default): states whose interchangeable clients are a renumbering of "
                  "each other's are one; off");
  sub->add_option("--por", args->partial_order,
                  "on (default): fire alone a client's timer that commutes with everything else "
                  "due at its instant and that no invariant can see; off");
  sub->add_option("--depth", args->depth, "Longest path explored, in steps (default: none)");
  sub->add_option("--max-states", args->max_states, "Most distinct states (default 20000000)");
  sub->add_option("--memory", args->memory, "Most resident memory, e.g. 4G or 512M (default 4G)");
  sub->add_option("--storage", args->storage,
                  "How visited states are kept: exact (default: 8 bytes each) or bitstate:SIZE "
                  "(a bit array of SIZE bytes, 3 bits a state, as SPIN's supertrace: may miss "
                  "states, so it finds counterexamples but never verifies)");
  sub->add_option("--jobs", args->jobs, "Threads (default 1); results are the same for any")
      ->check(CLI::Range(1, 64));
  sub->add_option("--smallest", args->smallest,
                  "Find the smallest value of a choice (a fault's size: pause_length, "
                  "clock_jump_size, ...) that breaks an invariant, by bisection from --from to "
                  "--to, each value checked exhaustively");
  sub->add_option("--from", args->from, "With --smallest: the smallest value to try");
  sub->add_option("--to", args->to, "With --smallest: the largest value to try");
  sub->add_option("--resolution", args->resolution,
                  "With --smallest: stop when the bracket is this narrow (default 1ms)");
  sub->add_option("--dot", args->dot,
                  fmt::format("Write the explored state graph as Graphviz DOT (at most {} "
                              "states): initial states blue, violating red, the counterexample's "
                              "path bold",
                              kDotStatesMax));
  sub->add_option("--swarm", args->swarm,
                  "Run N diversified searches instead of one (search 1 as given; the others each "
                  "with its own successor order, every second one depth-first instead of "
                  "breadth-first, each with its own bitstate hashes), each within the bounds; "
                  "reports the lowest-numbered counterexample")
      ->check(CLI::Range(1, 1'000'000));
  sub->add_option("--shard", args->shard,
                  "With --swarm: run the I-th of N disjoint slices of the searches, I/N (default "
                  "1/1)");
  sub->add_flag("--all", args->all,
                "Keep going after the first violation: the shortest of each invariant");
  args->diagram.add_flags(*sub);
  sub->footer(
      "An exploration covers: every order of events due at the same instant (but two on one\n"
      "connection in one direction, which TCP keeps in order), every fault of the budget at\n"
      "every step where it can strike, and every combination of values from the choice domains\n"
      "(printed with the verdict), up to the horizon. Recurring faults of the profiles do not\n"
      "strike by themselves: the budget injects them. States whose interchangeable clients\n"
      "are a renumbering of each other's are one (--symmetry), and one order is explored of a\n"
      "client-side step that commutes with everything else due and no invariant sees (--por);\n"
      "the reductions line says what was on, and why not.\n"
      "Exit status: 0 verified (within the horizon, if one was given) or, with bitstate\n"
      "storage, no violation found, 1 counterexample, 2 bad input, 3 a bound (--max-states,\n"
      "--depth, --memory) was reached first.");
  sub->callback([args, sub, &exit_code] {
    for (const char* flag : {"--algorithm", "--clients", "--servers", "--ttl", "--faults",
                             "--request-timeout", "--work", "--idle", "--retry-delay",
                             "--extend-before", "--server-flavour", "--default-lua-flags"}) {
      if (sub->count(flag) > 0) args->setup_flags_given.emplace_back(flag);
    }
    exit_code = run(*args);
  });
}

}  // namespace locksim::cli
