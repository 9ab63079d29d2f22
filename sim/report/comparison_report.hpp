// The comparison written for people (a Markdown table, also what `locksim compare` prints) and
// for programs (JSON). Both are functions of the outcomes alone, so they are byte-identical for
// any number of threads.
#pragma once

#include <string>
#include <vector>

#include "sim/explore/compare.hpp"

namespace locksim {

auto comparison_markdown(const CompareSpec& spec, const std::vector<PairOutcome>& outcomes)
    -> std::string;
auto comparison_json(const CompareSpec& spec, const std::vector<PairOutcome>& outcomes)
    -> std::string;

}  // namespace locksim
