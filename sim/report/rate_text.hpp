// Rates as reports print them: a share in percent with the digits it needs, and a violation
// rate with its 95% interval ("12% (5.3-25)"; "- (0-3.7)" for none seen).
#pragma once

#include <string>

#include "sim/explore/sweep/point_statistics.hpp"

namespace locksim {

// Whole percent from 10% up, one decimal below, and more (up to three) where fewer would round
// a share that is neither none nor all to 0 or 100 — one violation in 200 runs reads 0.5%.
auto percent(double share) -> std::string;

auto rate_cell(const Rate& rate) -> std::string;

}  // namespace locksim
