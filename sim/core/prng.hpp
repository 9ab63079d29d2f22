// The project's own pseudo-random generator: xoshiro256** seeded through splitmix64. All
// randomness in locksim comes from here, never from <random>'s distributions (whose algorithms
// are implementation-defined) nor from the host. The API has no floating point, so a seed gives
// the same numbers on every compiler and build type.
#pragma once

#include <array>
#include <cstdint>

namespace locksim {

// One step of splitmix64: advances `state` and returns the next output.
auto splitmix64(uint64_t& state) -> uint64_t;

class Prng {
 public:
  explicit Prng(uint64_t seed);
  // An independent stream for one purpose, so that adding draws for one purpose never shifts
  // the numbers another purpose sees.
  static auto for_stream(uint64_t seed, uint64_t stream) -> Prng;
  // A generator in exactly this state (for known-answer tests against the reference code).
  static auto from_state(const std::array<uint64_t, 4>& state) -> Prng;

  auto next_u64() -> uint64_t;
  // Uniform in [0, bound); bound > 0. Unbiased (Lemire's multiply-and-reject).
  auto below(uint64_t bound) -> uint64_t;
  // Uniform in [min, max].
  auto range_inclusive(int64_t min, int64_t max) -> int64_t;
  // True with probability numerator / denominator.
  auto chance(uint64_t numerator, uint64_t denominator) -> bool;

  auto operator==(const Prng&) const -> bool = default;

 private:
  std::array<uint64_t, 4> state_{};
};

}  // namespace locksim
