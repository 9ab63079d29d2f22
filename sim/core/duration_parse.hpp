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

}  // namespace locksim
