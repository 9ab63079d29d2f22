// Redis's integer parsing (util.c string2ll): the exact set of strings Redis accepts as a 64-bit
// integer. Stricter than from_chars: no leading '+', no leading zeros, no "-0", no spaces.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace locksim::redis {

auto parse_redis_integer(std::string_view text) -> std::optional<int64_t>;

// Whether a + b overflows int64 (Redis's incrDecrCommand test).
inline auto addition_overflows(int64_t value, int64_t increment) -> bool {
  return (increment < 0 && value < 0 && increment < (INT64_MIN - value)) ||
         (increment > 0 && value > 0 && increment > (INT64_MAX - value));
}

}  // namespace locksim::redis
