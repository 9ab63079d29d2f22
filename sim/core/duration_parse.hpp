// Parsing and printing durations as people write them: "1500ms", "2s", "1.5s", "250us", "1m",
// "2h". Durations are whole microseconds, so a decimal is accepted exactly when it names one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim/core/time.hpp"

namespace locksim {

struct DurationParse {
  std::optional<Duration> value;
  std::string error;  // set when value is empty: what is wrong, for the user
};

// What a duration may be where it is read: anything (a clock step back), zero or more (a delay),
// or longer than zero (a lease).
enum class DurationSign : uint8_t { any, not_negative, positive };

// Accepts an optional '-', a number with an optional decimal part, and one of us, ms, s, m, h;
// a bare "0" is accepted as zero. Each refusal says what is wrong: no unit, an unknown unit, not
// a whole number of microseconds, too large, or a sign that `sign` does not allow.
auto parse_duration(std::string_view text, DurationSign sign = DurationSign::any) -> DurationParse;

// The exact text parse_duration reads back, in the largest unit that divides it: 2s, 1500ms, 7us.
auto format_duration_exact(Duration d) -> std::string;

}  // namespace locksim
