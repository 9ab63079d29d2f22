// `locksim simulate`; see simulate_command.hpp. Options are parsed and checked here, turned into
// a WorldConfig, and run with the simulate driver. Exit codes: 0 no violation of a checked
// invariant, 1 a violation, 2 bad input.
#include "cli/simulate_command.hpp"

#include <chrono>
#include <fstream>
#include <iostream>
#include <tuple>

#include "cli/diagram_output.hpp"
#include "cli/flag_values.hpp"
#include "cli/host_memory.hpp"
#include "cli/setup_flags.hpp"
#include "models/registry.hpp"
#include "sim/explore/causality.hpp"
#include "sim/explore/forget_lost.hpp"
#include "sim/explore/simulate.hpp"
#include "sim/explore/simulation_setup.hpp"
#include "sim/explore/token_reuse.hpp"
#include "sim/report/explained_steps.hpp"
#include "sim/report/json_trace.hpp"
#include "sim/scenario/scenario_writer.hpp"

namespace locksim::cli {
namespace {

struct SimulateArgs {
  SetupFlags setup;
  std::string seed_text = "1";
  uint64_t seed = 1;  // seed_text, read
  std::string duration = "60s";
  std::string check = "all";
  std::string trace_file;
  std::string scenario_file;
  DiagramOutput diagram;
};

// --servers only where it means something: for an algorithm that locks several servers, or
// when the user gave it.
auto replay_command(const std::string& program, const SimulateArgs& args,
                    const SimulationSetup& setup, const WorldConfig& config) -> std::string {
  const SetupFlags& flags = args.setup;
  const bool servers = flags.servers || config.clients.front().program->servers() > 1;
  return fmt::format(
      "{} simulate --algorithm {} --clients {}{} --duration {} --seed {} --ttl {} --faults {} "
      "--request-timeout {}{}",
      program, flags.algorithm, flags.clients,
      servers ? fmt::format(" --servers {}", setup.servers) : "", args.duration, args.seed,
      flags.ttl, describe_faults(setup.faults), flags.request_timeout, flags.workload_text());
}

void print_summary(const SimulateArgs& args, const SimulationSetup& setup,
                   const WorldConfig& config, const SimulationResult& result, double wall_seconds) {
  const RunStatistics& stats = result.statistics;
  fmt::print("locksim simulate: {}, {} clients, {}, ttl {}, seed {}, faults {}\n",
             args.setup.algorithm, setup.clients,
             describe_servers(setup.flavour, config.servers.size()), args.setup.ttl, args.seed,
             describe_faults(setup.faults));
  fmt::print("  simulated time  {}{}\n", Duration{result.end.us},
             result.steps_limit_reached ? " (stopped: step limit reached)" : "");
  fmt::print("  events          {}\n", result.steps);
  fmt::print("  acquisitions    {} (latency p50 {}, p99 {})\n", stats.acquisitions,
             stats.acquire_latencies.quantile(500), stats.acquire_latencies.quantile(990));
  fmt::print("  writes          {} accepted, {} rejected\n", stats.writes_accepted,
             stats.writes_rejected);
  fmt::print("  holder crashes  {} (lock unobtainable for {} after them)\n", stats.holder_crashes,
             stats.unavailable_after_crash);
  bool first_line = true;
  for (const InvariantOutcome& outcome : result.invariants) {
    fmt::print("  {:<16}{:<6}{}\n", first_line ? "violations" : "", outcome.count, outcome.name);
    first_line = false;
  }
  fmt::print("  wall time       {:.3f} s ({:.2f} M events/s, {:.0f}x real time)\n", wall_seconds,
             static_cast<double>(result.steps) / wall_seconds / 1e6,
             static_cast<double>(result.end.us) / 1e6 / wall_seconds);
  fmt::print("  trace hash      {:016x}\n", result.trace_hash);
  fmt::print("  peak memory     {:.1f} MiB resident\n",
             static_cast<double>(peak_resident_bytes()) / (1 << 20));
}

auto save_scenario(const std::string& path, const Scenario& scenario) -> bool {
  std::ofstream file(path, std::ios::binary);
  file << write_scenario(scenario);
  if (file) return true;
  fmt::print(stderr, "locksim simulate: error: --save-scenario: cannot write '{}'\n", path);
  return false;
}

// Replays the run with a diagram recorder and draws the part around the first violation (from
// two leases before it to one after), or the first two leases when nothing was violated. The
// recorder knows the window before the replay and keeps only what is drawn.
auto draw(const SimulateArgs& args, Duration lease,
          const std::shared_ptr<const WorldConfig>& config, const SimulationOptions& options,
          const SimulationResult& result) -> bool {
  const std::vector<Finding> findings = result.first_findings();
  TrueTime from{};
  TrueTime to = TrueTime{} + lease * 2;
  if (!findings.empty()) {
    const auto earliest =
        std::min_element(findings.begin(), findings.end(),
                         [](const Finding& a, const Finding& b) { return a.at < b.at; });
    from = earliest->at.us > (lease * 2).us ? earliest->at - lease * 2 : TrueTime{};
    to = earliest->at + lease;
  }
  to = std::min(to, result.end);
  std::vector<std::string> clients;
  std::vector<std::string> servers;
  for (uint32_t c = 0; c < config->clients.size(); ++c)
    clients.push_back(fmt::format("{}", ClientId{c}));
  for (uint32_t s = 0; s < config->servers.size(); ++s)
    servers.push_back(fmt::format("{}", ServerId{s}));
  DiagramRecorder recorder(std::move(clients), std::move(servers), {from, to});
  ForgetLost forget(recorder);
  simulate(config, replay_until(options, result.steps), {.tracer = &recorder, .observer = &forget});
  const RaceDiagram diagram =
      clip(recorder.diagram(fmt::format("locksim simulate --algorithm {} --seed {} --faults {}",
                                        args.setup.algorithm, args.seed, args.setup.faults),
                            result.end, findings),
           from, to);
  return args.diagram.emit(diagram,
                           fmt::format("simulate-{}-seed{}", args.setup.algorithm, args.seed));
}

// Replays the run up to a finding's step keeping the steps its explanation prints, and explains
// the finding.
auto explain_at_step(const std::shared_ptr<const WorldConfig>& config,
                     const SimulationOptions& options, const Finding& finding) -> std::string {
  FindingSteps steps(finding);
  FinalWorld final_world;
  simulate(config, replay_until(options, finding.step),
           {.tracer = &steps, .observer = &final_world});
  return explain_finding(finding, final_world.world(), steps.steps());
}

// The same for the first overlap of beliefs, which keeps its world and is explained over its
// whole interval.
auto explain_overlap(const std::shared_ptr<const WorldConfig>& config,
                     const SimulationOptions& options, const MutexViolation& violation)
    -> std::string {
  OverlapSteps steps(violation);
  simulate(config, replay_until(options, violation.step), {.tracer = &steps});
  return explain_violation(violation, steps.steps());
}

// A stale write whose sections drew their tokens out of order: what lost the counter's
// increments.
void explain_tokens(const std::shared_ptr<const WorldConfig>& config,
                    const SimulationOptions& options, const StaleWrite& write) {
  if (const std::optional<CounterLoss> loss = token_reuse(config, options, write)) {
    fmt::print("  fencing: {}\n", describe(*loss, write, *config));
  }
}

// Everything simulate knows of one violation: the involved clients' state and the steps that
// led there (for mutual exclusion, over the whole overlap), what handed a fencing token out
// twice, and what happens-before says of the critical sections.
void explain(const std::shared_ptr<const WorldConfig>& config, const SimulationOptions& options,
             const SimulationResult& result, const InvariantOutcome& outcome) {
  const Finding& finding = *outcome.first;
  if (outcome.name == "mutex") {
    fmt::print("{}", explain_overlap(config, options, *result.first_mutex_violation));
  } else {
    fmt::print("{}", explain_at_step(config, options, finding));
  }
  if (outcome.name == "resource") explain_tokens(config, options, *result.first_stale_write);
  for (const SectionCausality& causality : causality_of(config, options, finding)) {
    fmt::print("  happens-before: {}\n", describe(causality));
  }
  if (outcome.name == "liveness" && result.stuck_at_end) {
    fmt::print("  the run ends with the lock still unobtainable: deadlock or starvation\n");
  }
}

// The first violation of each invariant, in true-time order (the step breaks ties), each
// explained; whether one of them is of a checked invariant.
auto print_violations(const std::shared_ptr<const WorldConfig>& config,
                      const SimulationOptions& options, const SimulationResult& result,
                      const std::vector<std::string>& checked) -> bool {
  std::vector<const InvariantOutcome*> found;
  for (const InvariantOutcome& outcome : result.invariants) {
    if (outcome.first) found.push_back(&outcome);
  }
  std::stable_sort(found.begin(), found.end(), [](const auto* a, const auto* b) {
    return std::tie(a->first->at, a->first->step) < std::tie(b->first->at, b->first->step);
  });
  bool violated = false;
  for (const InvariantOutcome* outcome : found) {
    const bool decides = std::find(checked.begin(), checked.end(), outcome->name) != checked.end();
    violated = violated || decides;
    fmt::print("\nVIOLATION {}{}: {} at {} (step {})\n", outcome->name,
               decides ? "" : " (not checked)", outcome->first->what, outcome->first->at,
               outcome->first->step);
    explain(config, options, result, *outcome);
  }
  return violated;
}

auto run(const std::string& program, SimulateArgs& args) -> int {
  FlagReader read("simulate");
  const std::optional<SimulationSetup> read_setup = args.setup.read(read, 5);
  const Duration duration = read.duration("--duration", args.duration, FlagReader::Sign::positive);
  args.seed = read.seed("--seed", args.seed_text);
  const std::vector<std::string> checked = read.invariants("--check", args.check, true);
  args.diagram.check(read);
  if (!read.ok() || !read_setup) return 2;
  const SimulationSetup& setup = *read_setup;
  const auto config = make_world_config(setup);
  const SimulationOptions options{.seed = args.seed, .duration = duration};

  std::ofstream trace_stream;
  std::optional<JsonTraceWriter> trace_writer;
  if (!args.trace_file.empty()) {
    trace_stream.open(args.trace_file);
    if (!trace_stream) {
      read.error("--trace", fmt::format("cannot write '{}'", args.trace_file));
      return 2;
    }
    trace_writer.emplace(trace_stream);
  }

  std::vector<RecordedChoice> choices;
  const auto started = std::chrono::steady_clock::now();
  SimulationResult result = simulate(config, options,
                                     {.tracer = trace_writer ? &*trace_writer : nullptr,
                                      .record = args.scenario_file.empty() ? nullptr : &choices});
  const double wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  print_summary(args, setup, *config, result, wall_seconds);
  if (!args.scenario_file.empty() &&
      !save_scenario(args.scenario_file,
                     recorded_scenario(setup, args.seed, duration, std::move(choices), result))) {
    return 2;
  }
  if (args.diagram.wanted() && !draw(args, setup.ttl, config, options, result)) return 2;

  const bool violated = print_violations(config, options, result, checked);
  if (result.first_findings().size() > 0) {
    fmt::print("  peak memory with the explanations: {:.1f} MiB resident\n",
               static_cast<double>(peak_resident_bytes()) / (1 << 20));
  }
  if (!violated) return 0;
  fmt::print("  replay: {}\n", replay_command(program, args, setup, *config));
  return 1;
}

}  // namespace

void add_simulate_command(CLI::App& app, const std::string& program, int& exit_code) {
  auto args = std::make_shared<SimulateArgs>();
  CLI::App* sub = app.add_subcommand(
      "simulate", "Run one seeded simulation of a lock algorithm under faults and check it");
  args->setup.add_flags(*sub, "default: 5 for an algorithm that locks several, else 1");
  sub->add_option("--seed", args->seed_text, "Seed of the run; the same seed replays the same run");
  sub->add_option("--duration", args->duration, "Simulated time to run, e.g. 60s (default 60s)");
  sub->add_option("--check", args->check,
                  "Invariants that decide the exit status: all (default) or a list of mutex, "
                  "resource, foreign-release, ttl, liveness, quorum");
  sub->add_option("--trace", args->trace_file, "Write the trace as JSON lines to FILE");
  sub->add_option("--save-scenario", args->scenario_file,
                  "Write the run as a scenario file that pins every choice (`locksim run FILE` "
                  "replays it to the same trace hash)");
  args->diagram.add_flags(*sub);
  sub->footer(
      "Durations take a unit: us, ms, s, m or h, after a number that may have decimals as long\n"
      "as it comes to whole microseconds (e.g. 1500ms, 1.5s, 2h).\n"
      "Exit status: 0 no checked invariant violated, 1 a violation was found (it is explained,\n"
      "with the command that replays it), 2 bad input.");
  sub->callback([args, program, &exit_code] { exit_code = run(program, *args); });
}

}  // namespace locksim::cli
