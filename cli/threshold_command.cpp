// `locksim threshold`; see threshold_command.hpp. Exit codes: 0 the search ran (crossings or
// none are its findings), 2 bad input.
#include "cli/threshold_command.hpp"

#include <algorithm>
#include <thread>

#include <fmt/format.h>

#include "cli/flag_values.hpp"
#include "cli/setup_flags.hpp"
#include "cli/sweep_plan_builder.hpp"
#include "sim/core/duration_parse.hpp"
#include "sim/explore/sweep/threshold.hpp"
#include "sim/report/rate_text.hpp"

namespace locksim::cli {
namespace {

struct ThresholdArgs {
  SetupFlags setup;
  std::string vary;
  std::string from;
  std::string to;
  std::string invariant = "mutex";
  std::string rate = "10%";
  std::string duration = "60s";
  uint32_t grid = 8;
  uint64_t seeds_most = 800;
  uint32_t jobs = std::max(1U, std::thread::hardware_concurrency());
};

auto read_rate(FlagReader& read, const std::string& text) -> double {
  double percent = 0;
  size_t used = 0;
  try {
    percent = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || text.substr(used) != "%" || percent <= 0 || percent >= 100) {
    read.error("--rate",
               fmt::format("takes a percentage between 0 and 100, e.g. 10%, got '{}'", text));
  }
  return percent / 100;
}

auto sample_text(const ThresholdSample& sample) -> std::string {
  return fmt::format("{} at {} over {} runs", rate_cell(sample.rate), sample.value,
                     sample.rate.runs);
}

auto run(const ThresholdArgs& args) -> int {
  FlagReader read("threshold");
  ThresholdSearch search;
  search.from = read.duration("--from", args.from, FlagReader::Sign::not_negative);
  search.to = read.duration("--to", args.to, FlagReader::Sign::positive);
  search.duration = read.duration("--duration", args.duration, FlagReader::Sign::positive);
  search.rate = read_rate(read, args.rate);
  search.grid = args.grid;
  search.seeds_most = args.seeds_most;
  search.seeds_per_batch = std::min<uint64_t>(50, args.seeds_most);
  search.jobs = args.jobs;
  const std::vector<std::string> invariant = read.invariants("--invariant", args.invariant);
  if (invariant.size() != 1) read.error("--invariant", "takes one invariant");
  if (args.vary.empty()) read.error("--vary", "names the parameter to vary, e.g. gc-pause:max");
  if (read.ok() && search.to <= search.from) read.error("--to", "must be above --from");
  if (!read.ok()) return 2;
  search.invariant = static_cast<size_t>(
      std::find(std::begin(kInvariantNames), std::end(kInvariantNames), invariant.front()) -
      std::begin(kInvariantNames));
  const auto setup_at = [&](Duration value) -> std::optional<SimulationSetup> {
    SetupFlags flags = args.setup;
    if (!apply_axis(read, args.vary, format_duration_exact(value), flags)) return std::nullopt;
    return flags.read(read, 3);
  };
  // Both ends must make a setup before anything runs; every value between then does too.
  if (!setup_at(search.from) || !setup_at(search.to)) return 2;
  search.setup_at = [&](Duration value) { return *setup_at(value); };

  fmt::print("locksim threshold: {} under {}, {} from {} to {}: where the {} rate crosses {}%\n",
             args.setup.algorithm, args.setup.faults, args.vary, search.from, search.to,
             invariant.front(), percent(search.rate));
  const ThresholdResult result = find_thresholds(search);
  fmt::print("  grid:\n");
  for (const ThresholdSample& sample : result.grid) {
    fmt::print("    {:>10}  {}\n", fmt::format("{}", sample.value), rate_cell(sample.rate));
  }
  if (result.crossings.empty()) {
    fmt::print("no crossing of {}% between {} and {}\n", percent(search.rate), search.from,
               search.to);
  }
  for (const Crossing& crossing : result.crossings) {
    const bool rising = crossing.below.value < crossing.above.value;
    fmt::print("crossing: the {} rate {} {}% between {} and {}\n  {}\n  {}\n", invariant.front(),
               rising ? "rises above" : "falls below", percent(search.rate),
               std::min(crossing.below.value, crossing.above.value),
               std::max(crossing.below.value, crossing.above.value),
               sample_text(rising ? crossing.below : crossing.above),
               sample_text(rising ? crossing.above : crossing.below));
  }
  fmt::print("{} runs in all ({} simulated each)\n", result.runs, search.duration);
  return 0;
}

}  // namespace

void add_threshold_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ThresholdArgs>();
  CLI::App* sub = app.add_subcommand(
      "threshold", "Find where a violation rate crosses a given rate as one parameter varies");
  args->setup.add_flags(*sub, "default: 3 for an algorithm that locks several, else 1");
  sub->add_option("--vary", args->vary,
                  "The duration to vary: a profile's parameter (gc-pause:max) or a workload "
                  "setting (ttl, work, ...)")
      ->required();
  sub->add_option("--from", args->from, "Its smallest value")->required();
  sub->add_option("--to", args->to, "Its largest value")->required();
  sub->add_option("--invariant", args->invariant, "The invariant (default mutex)");
  sub->add_option("--rate", args->rate, "The rate to find, in percent (default 10%)");
  sub->add_option("--duration", args->duration, "Simulated time per run (default 60s)");
  sub->add_option("--grid", args->grid, "Values of the first, coarse grid (default 8)")
      ->check(CLI::Range(2, 1000));
  sub->add_option("--seeds-most", args->seeds_most,
                  "Seeds at most per value, added 50 at a time while undecided (default 800)")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1'000'000}));
  sub->add_option("--jobs", args->jobs, "Threads; the results do not depend on it (default: cores)")
      ->check(CLI::Range(1, 256));
  sub->footer(
      "The rate need not be monotone: every crossing between neighbouring grid values is\n"
      "refined by bisection to 1/64 of the range. A value's seeds grow in batches until its\n"
      "95% Wilson interval lies on one side of the rate (or --seeds-most is reached, when its\n"
      "point estimate decides).");
  sub->callback([args, &exit_code] { exit_code = run(*args); });
}

}  // namespace locksim::cli
