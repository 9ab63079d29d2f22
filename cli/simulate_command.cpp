// `locksim simulate`; see simulate_command.hpp. Options are parsed and checked here, turned into
// a WorldConfig, and run with the simulate driver. Exit codes: 0 no violation, 1 violation,
// 2 bad input.
#include "cli/simulate_command.hpp"

#include <chrono>
#include <fstream>
#include <iostream>

#include "models/registry.hpp"
#include "sim/core/duration_parse.hpp"
#include "sim/explore/simulate.hpp"
#include "sim/explore/simulation_setup.hpp"
#include "sim/report/json_trace.hpp"
#include "sim/report/text_trace.hpp"

namespace locksim::cli {
namespace {

struct SimulateArgs {
  std::string algorithm = "set-nx-px";
  uint32_t clients = 3;
  uint64_t seed = 1;
  std::string duration = "60s";
  std::string ttl = "1s";
  std::string pause_max = "0";
  std::string pause_every = "10s";
  std::string request_timeout = "500ms";
  std::string trace_file;
};

struct Durations {
  Duration duration, ttl, pause_max, pause_every, request_timeout;
};

// Every value checked, every problem reported; nullopt if any was bad.
auto parse_durations(const SimulateArgs& args) -> std::optional<Durations> {
  Durations parsed;
  bool ok = true;
  const auto read = [&](std::string_view flag, const std::string& text, Duration& out,
                        bool positive) {
    const DurationParse result = parse_duration(text);
    if (!result.value) {
      fmt::print(stderr, "locksim simulate: error: {}: {}\n", flag, result.error);
      ok = false;
    } else if (result.value->us < 0 || (positive && result.value->us == 0)) {
      fmt::print(stderr, "locksim simulate: error: {}: must be {}, got {}\n", flag,
                 positive ? "positive" : "zero or more", text);
      ok = false;
    } else {
      out = *result.value;
    }
  };
  read("--duration", args.duration, parsed.duration, true);
  read("--ttl", args.ttl, parsed.ttl, true);
  read("--pause-max", args.pause_max, parsed.pause_max, false);
  read("--pause-every", args.pause_every, parsed.pause_every, true);
  read("--request-timeout", args.request_timeout, parsed.request_timeout, false);
  if (ok && parsed.ttl.us % 1'000 != 0) {
    fmt::print(stderr, "locksim simulate: error: --ttl: Redis takes whole milliseconds, got {}\n",
               args.ttl);
    ok = false;
  }
  return ok ? std::optional(parsed) : std::nullopt;
}

auto replay_command(const std::string& program, const SimulateArgs& args) -> std::string {
  std::string command = fmt::format(
      "{} simulate --algorithm {} --clients {} --duration {} --seed {} --ttl {} --pause-max {} "
      "--pause-every {} --request-timeout {}",
      program, args.algorithm, args.clients, args.duration, args.seed, args.ttl, args.pause_max,
      args.pause_every, args.request_timeout);
  return command;
}

auto run(const std::string& program, const SimulateArgs& args) -> int {
  const AlgorithmEntry* algorithm = find_algorithm(args.algorithm);
  if (!algorithm) {
    std::string known;
    for (const AlgorithmEntry& entry : algorithm_catalog()) known += " " + std::string(entry.name);
    fmt::print(stderr, "locksim simulate: error: --algorithm: unknown algorithm '{}' (known:{})\n",
               args.algorithm, known);
    return 2;
  }
  const std::optional<Durations> durations = parse_durations(args);
  if (!durations) return 2;
  const auto config =
      make_world_config(SimulationSetup{.algorithm = args.algorithm,
                                        .clients = args.clients,
                                        .ttl = durations->ttl,
                                        .pause_max = durations->pause_max,
                                        .pause_every = durations->pause_every,
                                        .request_timeout = durations->request_timeout});
  const SimulationOptions options{.seed = args.seed, .duration = durations->duration};

  std::ofstream trace_stream;
  std::optional<JsonTraceWriter> trace_writer;
  if (!args.trace_file.empty()) {
    trace_stream.open(args.trace_file);
    if (!trace_stream) {
      fmt::print(stderr, "locksim simulate: error: --trace: cannot write '{}'\n", args.trace_file);
      return 2;
    }
    trace_writer.emplace(trace_stream);
  }

  const auto started = std::chrono::steady_clock::now();
  const SimulationResult result =
      simulate(config, options, trace_writer ? &*trace_writer : nullptr);
  const double wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  fmt::print("locksim simulate: {}, {} clients, 1 server, ttl {}, seed {}, pauses {}\n",
             args.algorithm, args.clients, durations->ttl, args.seed,
             durations->pause_max.us > 0 ? fmt::format("up to {} about every {} per client",
                                                       durations->pause_max, durations->pause_every)
                                         : std::string("off"));
  fmt::print("  simulated time  {}{}\n", Duration{result.end.us},
             result.steps_limit_reached ? " (stopped: step limit reached)" : "");
  fmt::print("  events          {}\n", result.steps);
  fmt::print("  acquisitions    {}\n", result.acquisitions);
  fmt::print("  violations      {} (mutual exclusion)\n", result.violations);
  fmt::print("                  {} (foreign release)\n", result.foreign_releases);
  fmt::print("                  {} (lock left without TTL)\n", result.ttl_less_locks);
  fmt::print("  wall time       {:.3f} s ({:.2f} M events/s, {:.0f}x real time)\n", wall_seconds,
             static_cast<double>(result.steps) / wall_seconds / 1e6,
             static_cast<double>(result.end.us) / 1e6 / wall_seconds);
  fmt::print("  trace hash      {:016x}\n", result.trace_hash);
  if (const std::optional<ForeignRelease>& release = result.first_foreign_release) {
    fmt::print(
        "\nVIOLATION foreign-release: a command from {} removed the lock {} held on {} at {} "
        "(step {})\n",
        release->culprit, release->victim, release->server, release->at, release->step);
  }
  if (const std::optional<TtlLessLock>& lock = result.first_ttl_less_lock) {
    fmt::print(
        "\nVIOLATION ttl: key '{}' on {} has had no TTL since {}, longer than the TTL its "
        "algorithm meant it to have (noticed at {}, step {})\n",
        lock->key, lock->server, lock->since, lock->at, lock->step);
  }
  if (!result.first_violation) {
    if (!result.first_foreign_release && !result.first_ttl_less_lock) return 0;
    fmt::print("  replay: {}\n", replay_command(program, args));
    return 1;
  }

  // Replay deterministically up to the violation with a trace log to explain it.
  TraceLog log;
  SimulationOptions until_violation = options;
  until_violation.steps_max = result.first_violation->step;
  simulate(config, until_violation, &log);
  fmt::print("\n{}", explain_violation(*result.first_violation, log.entries()));
  fmt::print("  replay: {}\n", replay_command(program, args));
  return 1;
}

}  // namespace

void add_simulate_command(CLI::App& app, const std::string& program, int& exit_code) {
  auto args = std::make_shared<SimulateArgs>();
  CLI::App* sub = app.add_subcommand(
      "simulate", "Run one seeded simulation of a lock algorithm and check mutual exclusion");
  sub->add_option("--algorithm", args->algorithm,
                  "Lock algorithm (default set-nx-px; `locksim list algorithms` names them all)");
  sub->add_option("--clients", args->clients, "Number of contending clients (default 3)")
      ->check(CLI::Range(1, 1000));
  sub->add_option("--seed", args->seed, "Seed of the run; the same seed replays the same run");
  sub->add_option("--duration", args->duration, "Simulated time to run, e.g. 60s (default 60s)");
  sub->add_option("--ttl", args->ttl, "Lock time-to-live, whole ms, e.g. 1s (default 1s)");
  sub->add_option("--pause-max", args->pause_max,
                  "Longest process pause, e.g. 2s; 0 means no pauses (default 0)");
  sub->add_option("--pause-every", args->pause_every,
                  "Mean time between pauses of each client (default 10s)");
  sub->add_option("--request-timeout", args->request_timeout,
                  "Client request timeout; 0 waits forever (default 500ms)");
  sub->add_option("--trace", args->trace_file, "Write the trace as JSON lines to FILE");
  sub->footer(
      "Durations take a unit: us, ms, s or m (e.g. 1500ms, 2s).\n"
      "Exit status: 0 no violation, 1 a violation was found (it is explained, with the command\n"
      "that replays it), 2 bad input.");
  sub->callback([args, program, &exit_code] { exit_code = run(program, *args); });
}

}  // namespace locksim::cli
