// Identifiers of simulated nodes. Internally 0-based; people see c1, c2, ... and r1, r2, ...
#pragma once

#include <compare>
#include <cstdint>

#include <fmt/format.h>

namespace locksim {

struct ClientId {
  uint32_t index = 0;
  auto operator<=>(const ClientId&) const = default;
};

struct ServerId {
  uint32_t index = 0;
  auto operator<=>(const ServerId&) const = default;
};

}  // namespace locksim

template <>
struct fmt::formatter<locksim::ClientId> : fmt::formatter<std::string_view> {
  auto format(locksim::ClientId id, format_context& ctx) const {
    return fmt::format_to(ctx.out(), "c{}", id.index + 1);
  }
};

template <>
struct fmt::formatter<locksim::ServerId> : fmt::formatter<std::string_view> {
  auto format(locksim::ServerId id, format_context& ctx) const {
    return fmt::format_to(ctx.out(), "r{}", id.index + 1);
  }
};
