// The comparison grid; see compare.hpp.
#include "sim/explore/compare.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <span>
#include <thread>

#include "sim/core/assert.hpp"
#include "sim/explore/simulate.hpp"

namespace locksim {
namespace {

struct RunSummary {
  std::array<uint64_t, kInvariantCount> violations{};
  RunStatistics statistics;
  uint64_t events = 0;
};

auto run_one(const std::shared_ptr<const WorldConfig>& config, const CompareSpec& spec,
             uint64_t seed) -> RunSummary {
  const SimulationResult result = simulate(config, {.seed = seed, .duration = spec.duration});
  RunSummary summary{.statistics = result.statistics, .events = result.steps};
  for (size_t i = 0; i < kInvariantCount; ++i) {
    summary.violations[i] = result.count(kInvariantNames[i]);
  }
  return summary;
}

auto summarize(const CompareSpec& spec, size_t a, size_t p, std::span<const RunSummary> runs)
    -> PairOutcome {
  PairOutcome pair{.algorithm = spec.algorithms[a], .profile = spec.profiles[p]};
  std::vector<Duration> latencies;
  Duration unavailable;
  Duration simulated;
  for (uint64_t s = 0; s < spec.seeds; ++s) {
    const RunSummary& run = runs[s];
    for (size_t i = 0; i < kInvariantCount; ++i) {
      if (run.violations[i] == 0) continue;
      ++pair.violated[i].hits;
      if (pair.first_seed[i] == 0) pair.first_seed[i] = s + 1;
    }
    latencies.insert(latencies.end(), run.statistics.acquire_latencies.begin(),
                     run.statistics.acquire_latencies.end());
    pair.acquisitions += run.statistics.acquisitions;
    unavailable += run.statistics.unavailable_after_crash;
    simulated += run.statistics.simulated;
    pair.events += run.events;
  }
  for (Rate& rate : pair.violated) rate = wilson(rate.hits, spec.seeds);
  std::sort(latencies.begin(), latencies.end());
  pair.latency_p50 = quantile(latencies, 500);
  pair.latency_p99 = quantile(latencies, 990);
  if (simulated.us > 0) {
    pair.availability = 1 - static_cast<double>(unavailable.us) / static_cast<double>(simulated.us);
  }
  return pair;
}

// Whether the configuration's algorithm fences its writes: it declares a fencing counter.
auto fences(const WorldConfig& config) -> bool {
  const std::vector<KeyUse> keys = config.clients.front().program->keys();
  return std::any_of(keys.begin(), keys.end(),
                     [](const KeyUse& use) { return use.role == KeyUse::Role::fencing_counter; });
}

}  // namespace

auto wilson(uint64_t hits, uint64_t runs) -> Rate {
  Rate rate{hits, runs, 0, 1};
  if (runs == 0) return rate;
  constexpr double z = 1.959964;  // the 97.5th percentile of the normal distribution
  const double n = static_cast<double>(runs);
  const double p = static_cast<double>(hits) / n;
  const double denominator = 1 + z * z / n;
  const double center = (p + z * z / (2 * n)) / denominator;
  const double half = z * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator;
  // At p = 0 the lower bound is exactly 0, at p = 1 the upper bound exactly 1; rounding must not
  // make either read as "almost".
  rate.low = hits == 0 ? 0 : std::max(0.0, center - half);
  rate.high = hits == runs ? 1 : std::min(1.0, center + half);
  return rate;
}

auto compare(const CompareSpec& spec, const std::function<void(uint64_t, uint64_t)>& progress)
    -> std::vector<PairOutcome> {
  LOCKSIM_ASSERT(spec.seeds > 0 && spec.jobs > 0, "compare needs seeds ({}) and jobs ({})",
                 spec.seeds, spec.jobs);
  const size_t pairs = spec.algorithms.size() * spec.profiles.size();
  std::vector<std::shared_ptr<const WorldConfig>> configs;
  for (const std::string& algorithm : spec.algorithms) {
    for (const std::string& profile : spec.profiles) {
      const FaultsParse faults = parse_faults(profile);
      LOCKSIM_ASSERT(faults.errors.empty(), "bad profile '{}' reached compare", profile);
      configs.push_back(make_world_config({.algorithm = algorithm,
                                           .clients = spec.clients,
                                           .ttl = spec.ttl,
                                           .faults = faults.selections}));
    }
  }
  // One slot per run, filled by whichever thread takes it: the grid order is fixed.
  const uint64_t total = pairs * spec.seeds;
  std::vector<RunSummary> runs(total);
  std::atomic<uint64_t> next{0};
  std::atomic<uint64_t> done{0};
  // The calling thread works too, and is the one that reports progress.
  const auto work = [&](bool reports) {
    for (uint64_t i = next++; i < total; i = next++) {
      runs[i] = run_one(configs[i / spec.seeds], spec, i % spec.seeds + 1);
      const uint64_t finished = ++done;
      if (reports && progress) progress(finished, total);
    }
  };
  {
    std::vector<std::jthread> helpers;
    for (uint32_t j = 1; j < spec.jobs; ++j) helpers.emplace_back(work, false);
    work(true);
  }  // joins the helpers
  if (progress) progress(total, total);

  std::vector<PairOutcome> outcomes;
  for (size_t pair = 0; pair < pairs; ++pair) {
    const std::span<const RunSummary> slice(runs.data() + pair * spec.seeds, spec.seeds);
    outcomes.push_back(
        summarize(spec, pair / spec.profiles.size(), pair % spec.profiles.size(), slice));
    outcomes.back().fenced = fences(*configs[pair]);
  }
  return outcomes;
}

}  // namespace locksim
