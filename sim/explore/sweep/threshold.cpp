// Threshold search; see threshold.hpp.
#include "sim/explore/sweep/threshold.hpp"

#include "sim/core/assert.hpp"
#include "sim/explore/sweep/sweep_runner.hpp"

namespace locksim {
namespace {

class Sampler {
 public:
  explicit Sampler(const ThresholdSearch& search) : search_(search) {}

  // The value's rate, with seeds added in batches while its interval straddles the target.
  auto sample(Duration value) -> ThresholdSample {
    SweepPlan plan{.axes = {},
                   .points = {{.setup = search_.setup_at(value)}},
                   .seed_first = 1,
                   .seed_last = 0,
                   .duration = search_.duration};
    uint64_t hits = 0;
    Rate rate;
    while (true) {
      plan.seed_first = plan.seed_last + 1;
      plan.seed_last += search_.seeds_per_batch;
      const std::vector<RunRecord> records = run_whole_sweep(plan, search_.jobs);
      runs_ += records.size();
      for (const RunRecord& record : records) hits += record.violations[search_.invariant] > 0;
      rate = wilson(hits, plan.seed_last);
      const bool decided = rate.high < search_.rate || rate.low > search_.rate;
      if (decided || plan.seed_last >= search_.seeds_most) break;
    }
    return {value, rate};
  }
  auto runs() const -> uint64_t { return runs_; }

 private:
  const ThresholdSearch& search_;
  uint64_t runs_ = 0;
};

auto above(const ThresholdSample& sample, double target) -> bool {
  return sample.rate.value() >= target;
}

}  // namespace

auto find_thresholds(const ThresholdSearch& search) -> ThresholdResult {
  LOCKSIM_ASSERT(search.from < search.to && search.grid >= 2,
                 "threshold search {}..{} on {} values", search.from, search.to, search.grid);
  const Duration resolution =
      search.resolution.us > 0 ? search.resolution : Duration{(search.to - search.from).us / 64};
  Sampler sampler(search);
  ThresholdResult result;
  for (uint32_t i = 0; i < search.grid; ++i) {
    const Duration value =
        search.from + Duration{(search.to - search.from).us * i / (search.grid - 1)};
    result.grid.push_back(sampler.sample(value));
  }
  for (size_t i = 0; i + 1 < result.grid.size(); ++i) {
    ThresholdSample low = result.grid[i];
    ThresholdSample high = result.grid[i + 1];
    if (above(low, search.rate) == above(high, search.rate)) continue;
    // Bisect, keeping one end on each side of the target.
    while (high.value - low.value > resolution) {
      const ThresholdSample middle =
          sampler.sample(low.value + Duration{(high.value - low.value).us / 2});
      (above(middle, search.rate) == above(low, search.rate) ? low : high) = middle;
    }
    const bool rising = !above(low, search.rate);
    result.crossings.push_back(rising ? Crossing{low, high} : Crossing{high, low});
  }
  result.runs = sampler.runs();
  return result;
}

}  // namespace locksim
