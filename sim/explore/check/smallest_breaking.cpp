// The smallest breaking fault; see smallest_breaking.hpp.
#include "sim/explore/check/smallest_breaking.hpp"

#include "sim/core/assert.hpp"

namespace locksim {

auto find_smallest_breaking(const std::shared_ptr<const WorldConfig>& config,
                            const CheckOptions& options, const SmallestSearch& search)
    -> SmallestResult {
  // A bitstate check verifies nothing, so it could not be the bracket's end that holds.
  LOCKSIM_ASSERT(!options.bitstate_bytes, "--smallest in bitstate storage");
  SmallestResult result;
  // Checks one value; true when it breaks, none when a bound stopped the check.
  const auto breaks = [&](Duration value) -> std::optional<bool> {
    CheckOptions at = options;
    at.domains.set(search.kind, {value});
    CheckResult checked = check(config, at);
    result.steps.push_back({value, checked.verdict, checked.distinct_states});
    if (checked.verdict == CheckResult::Verdict::bound_reached) {
      result.bound_reached = true;
      return std::nullopt;
    }
    const bool broken = checked.verdict == CheckResult::Verdict::violated;
    if (broken) result.breaking = std::move(checked);
    return broken;
  };
  const std::optional<bool> at_top = breaks(search.to);
  if (!at_top) return result;
  if (!*at_top) {
    result.holds_at = search.to;
    return result;
  }
  result.breaks_at = search.to;
  const std::optional<bool> at_bottom = breaks(search.from);
  if (!at_bottom) return result;
  if (*at_bottom) {
    result.breaks_at = search.from;
    return result;
  }
  Duration low = search.from;
  Duration high = search.to;
  std::optional<CheckResult> breaking_at_high = result.breaking;
  while (high - low > search.resolution) {
    const Duration middle = low + Duration{(high - low).us / 2};
    const std::optional<bool> broken = breaks(middle);
    if (!broken) break;
    if (*broken) {
      high = middle;
      breaking_at_high = result.breaking;
    } else {
      low = middle;
    }
  }
  result.holds_at = low;
  result.breaks_at = high;
  result.breaking = std::move(breaking_at_high);
  return result;
}

}  // namespace locksim
