// Distributions as people write them, where a fault profile's size takes one
// (`gc-pause:size=exp(300ms)`): a duration alone is that value always; uniform(A..B), exp(MEAN)
// (an exponential, cut at 100 means), pareto(FLOOR..CAP) (alpha 1.1) and one-of(A|B|...) —
// without commas, which separate profiles. A finite one (a duration, a one-of) is also the
// domain `locksim check` explores for that choice.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sim/core/distribution.hpp"

namespace locksim {

struct DistributionParse {
  std::optional<Distribution> value;
  std::string error;  // set when value is empty
};
auto parse_distribution(std::string_view text) -> DistributionParse;

// The text parse_distribution reads back to the same distribution.
auto distribution_text(const Distribution& distribution) -> std::string;

}  // namespace locksim
