// A slice of numbered work that can be split over machines: the I-th of N disjoint slices
// (1-based) takes every Nth item, so that together they are the whole and each slice has items
// from everywhere in the order (a sweep's runs, a check swarm's searches).
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <string>

namespace locksim {

struct Shard {
  uint32_t index = 1;
  uint32_t count = 1;
  auto contains(uint64_t item) const -> bool { return item % count == index - 1; }
};

// "I/N", as --shard takes it.
inline auto to_string(const Shard& shard) -> std::string {
  return fmt::format("{}/{}", shard.index, shard.count);
}

}  // namespace locksim
