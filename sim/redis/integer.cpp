// string2ll from redis 7.0 src/util.c, restated; see integer.hpp.
#include "sim/redis/integer.hpp"

namespace locksim::redis {

auto parse_redis_integer(std::string_view text) -> std::optional<int64_t> {
  if (text.empty() || text.size() > 20) return std::nullopt;
  if (text == "0") return 0;
  size_t position = 0;
  const bool negative = text[0] == '-';
  if (negative && ++position == text.size()) return std::nullopt;
  if (text[position] < '1' || text[position] > '9') return std::nullopt;
  uint64_t magnitude = 0;
  for (; position < text.size(); ++position) {
    const char c = text[position];
    if (c < '0' || c > '9') return std::nullopt;
    const auto digit = static_cast<uint64_t>(c - '0');
    if (magnitude > (UINT64_MAX - digit) / 10) return std::nullopt;
    magnitude = magnitude * 10 + digit;
  }
  if (negative) {
    if (magnitude > uint64_t{1} << 63) return std::nullopt;
    return static_cast<int64_t>(0 - magnitude);
  }
  if (magnitude > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  return static_cast<int64_t>(magnitude);
}

}  // namespace locksim::redis
