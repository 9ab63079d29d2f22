// Strong time types. True time is the simulator's own time and no node can read it; a node only
// ever sees LocalTime, the reading of one of its clocks. Both count integer microseconds, and the
// only bridge between them is a node's clock (sim/world/clock.hpp). No floating point anywhere.
#pragma once

#include <fmt/format.h>
#include <compare>
#include <cstdint>

namespace locksim {

// A span of time in microseconds; may be negative (a clock stepping back).
struct Duration {
  int64_t us = 0;

  static constexpr auto micros(int64_t value) -> Duration { return {value}; }
  static constexpr auto millis(int64_t value) -> Duration { return {value * 1'000}; }
  static constexpr auto seconds(int64_t value) -> Duration { return {value * 1'000'000}; }

  // Whole milliseconds, rounded toward negative infinity (Redis works in ms).
  constexpr auto floor_ms() const -> int64_t {
    return us >= 0 ? us / 1'000 : -((-us + 999) / 1'000);
  }

  constexpr auto operator<=>(const Duration&) const = default;
  constexpr auto operator+(Duration other) const -> Duration { return {us + other.us}; }
  constexpr auto operator-(Duration other) const -> Duration { return {us - other.us}; }
  constexpr auto operator-() const -> Duration { return {-us}; }
  constexpr auto operator*(int64_t factor) const -> Duration { return {us * factor}; }
  constexpr auto operator/(int64_t divisor) const -> Duration { return {us / divisor}; }
  constexpr auto operator+=(Duration other) -> Duration& {
    us += other.us;
    return *this;
  }
};

// A point in true time, microseconds since the start of the run.
struct TrueTime {
  int64_t us = 0;

  constexpr auto operator<=>(const TrueTime&) const = default;
  constexpr auto operator+(Duration d) const -> TrueTime { return {us + d.us}; }
  constexpr auto operator-(Duration d) const -> TrueTime { return {us - d.us}; }
  constexpr auto operator-(TrueTime other) const -> Duration { return {us - other.us}; }
};

// A reading of one node's clock, microseconds. For a wall clock it is unix time; for a monotonic
// clock the origin is arbitrary.
struct LocalTime {
  int64_t us = 0;

  constexpr auto unix_ms() const -> int64_t { return Duration{us}.floor_ms(); }
  constexpr auto operator<=>(const LocalTime&) const = default;
  constexpr auto operator+(Duration d) const -> LocalTime { return {us + d.us}; }
  constexpr auto operator-(Duration d) const -> LocalTime { return {us - d.us}; }
  constexpr auto operator-(LocalTime other) const -> Duration { return {us - other.us}; }
};

// Formats a duration the way people write it: 1.5s, 250ms, 12us (exact, never rounded).
auto format_duration(Duration d) -> std::string;

}  // namespace locksim

template <>
struct fmt::formatter<locksim::Duration> : fmt::formatter<std::string_view> {
  auto format(locksim::Duration d, format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(locksim::format_duration(d), ctx);
  }
};

template <>
struct fmt::formatter<locksim::TrueTime> : fmt::formatter<std::string_view> {
  auto format(locksim::TrueTime t, format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(
        "t=" + locksim::format_duration(locksim::Duration{t.us}), ctx);
  }
};
