// `locksim bench`; see bench_command.hpp. Each run is simulate's (every invariant watching, no
// trace, nothing explained), timed on the host clock. Exit codes: 0 measured, 2 bad input.
#include "cli/bench_command.hpp"

#include <chrono>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "cli/flag_values.hpp"
#include "cli/host_memory.hpp"
#include "sim/explore/simulate.hpp"
#include "sim/explore/simulation_setup.hpp"

namespace locksim::cli {
namespace {

struct BenchArgs {
  std::string duration = "10m";
  std::string seed = "1";
};

// The runs the README shows (its simulate commands and its benchmark), as setups.
auto readme_runs() -> std::vector<SimulationSetup> {
  const auto faults = [](std::string_view text) { return parse_faults(text).selections; };
  return {
      {.algorithm = "set-nx-px", .faults = faults("gc-pause")},
      {.algorithm = "fenced", .faults = faults("restart-everysec")},
      {.algorithm = "watchdog",
       .request_timeout = Duration::seconds(4),
       .faults = faults("failover")},
      {.algorithm = "redlock", .clients = 10, .servers = 5},
      {.algorithm = "redlock", .clients = 10, .servers = 5, .faults = faults("chaos")},
  };
}

void bench_one(const SimulationSetup& setup, const SimulationOptions& options, bool alone) {
  const auto config = make_world_config(setup);
  if (alone) reset_peak_resident();
  const auto started = std::chrono::steady_clock::now();
  const SimulationResult result = simulate(config, options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  fmt::print("  {}, {} clients, {} server(s), faults {}{}\n", setup.algorithm, setup.clients,
             config->servers.size(), describe_faults(setup.faults),
             setup.request_timeout == Duration::millis(500)
                 ? ""
                 : fmt::format(", request timeout {}", setup.request_timeout));
  fmt::print("    {} events, {} lock cycles in {:.3f} s\n", result.steps,
             result.statistics.acquisitions, seconds);
  fmt::print("    {:.2f} M events/s, {:.1f} k lock cycles/s, {:.0f}x real time\n",
             static_cast<double>(result.steps) / seconds / 1e6,
             static_cast<double>(result.statistics.acquisitions) / seconds / 1e3,
             static_cast<double>(result.end.us) / 1e6 / seconds);
  fmt::print("    peak memory {:.1f} MiB resident{}\n",
             static_cast<double>(peak_resident_bytes()) / (1 << 20),
             alone ? "" : " (of the process so far)");
}

auto run(const BenchArgs& args) -> int {
  FlagReader read("bench");
  const Duration duration = read.duration("--duration", args.duration, FlagReader::Sign::positive);
  const uint64_t seed = read.seed("--seed", args.seed);
  if (!read.ok()) return 2;
  // Without a way to start the peak over, each run's peak is the process's so far.
  const bool alone = reset_peak_resident();
  fmt::print("locksim bench: the README's runs, {} simulated each, seed {}, one core\n", duration,
             seed);
  for (const SimulationSetup& setup : readme_runs()) {
    bench_one(setup, {.seed = seed, .duration = duration}, alone);
  }
  return 0;
}

}  // namespace

void add_bench_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<BenchArgs>();
  CLI::App* sub = app.add_subcommand(
      "bench",
      "Time the README's runs on this machine: events and lock cycles per second, times "
      "faster than real time, peak memory");
  sub->add_option("--duration", args->duration, "Simulated time of each run (default 10m)");
  sub->add_option("--seed", args->seed, "Seed of every run (default 1)");
  sub->footer(
      "Each run is simulate's with every invariant watching and nothing traced or explained;\n"
      "the numbers are this host's, not results. Exit status: 0 measured, 2 bad input.");
  sub->callback([args, &exit_code] { exit_code = run(*args); });
}

}  // namespace locksim::cli
