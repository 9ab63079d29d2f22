// Parsing and printing durations as people write them: "1500ms", "2s", "250us", "1m".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sim/core/time.hpp"

namespace locksim {

struct DurationParse {
  std::optional<Duration> value;
  std::string error;  // set when value is empty: what is wrong, for the user
};

// Accepts an integer followed by one of us, ms, s, m; a bare "0" is accepted as zero.
auto parse_duration(std::string_view text) -> DurationParse;

// The exact text parse_duration reads back, in the largest unit that divides it: 2s, 1500ms, 7us.
auto format_duration_exact(Duration d) -> std::string;

}  // namespace locksim
