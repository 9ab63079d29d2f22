// xoshiro256** (Blackman and Vigna, 2018) seeded through splitmix64; see prng.hpp.
#include "sim/core/prng.hpp"

#include "sim/core/assert.hpp"

namespace locksim {
namespace {

__extension__ using u128 = unsigned __int128;

constexpr auto rotate_left(uint64_t x, int k) -> uint64_t {
  return (x << k) | (x >> (64 - k));
}

}  // namespace

auto splitmix64(uint64_t& state) -> uint64_t {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

Prng::Prng(uint64_t seed) {
  uint64_t mixer = seed;
  for (uint64_t& word : state_) word = splitmix64(mixer);
}

auto Prng::for_stream(uint64_t seed, uint64_t stream) -> Prng {
  uint64_t mixer = stream;
  return Prng(seed ^ splitmix64(mixer));
}

auto Prng::from_state(const std::array<uint64_t, 4>& state) -> Prng {
  Prng prng(0);
  prng.state_ = state;
  return prng;
}

auto Prng::next_u64() -> uint64_t {
  const uint64_t result = rotate_left(state_[1] * 5, 7) * 9;
  const uint64_t shifted = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= shifted;
  state_[3] = rotate_left(state_[3], 45);
  return result;
}

auto Prng::below(uint64_t bound) -> uint64_t {
  LOCKSIM_ASSERT(bound > 0, "below({}) needs a positive bound", bound);
  u128 product = static_cast<u128>(next_u64()) * bound;
  auto low = static_cast<uint64_t>(product);
  if (low < bound) {
    const uint64_t threshold = -bound % bound;
    while (low < threshold) {
      product = static_cast<u128>(next_u64()) * bound;
      low = static_cast<uint64_t>(product);
    }
  }
  return static_cast<uint64_t>(product >> 64);
}

auto Prng::range_inclusive(int64_t min, int64_t max) -> int64_t {
  LOCKSIM_ASSERT(min <= max, "range_inclusive({}, {}) is empty", min, max);
  const uint64_t span = static_cast<uint64_t>(max) - static_cast<uint64_t>(min);
  if (span == UINT64_MAX) return static_cast<int64_t>(next_u64());
  return static_cast<int64_t>(static_cast<uint64_t>(min) + below(span + 1));
}

auto Prng::chance(uint64_t numerator, uint64_t denominator) -> bool {
  LOCKSIM_ASSERT(denominator > 0 && numerator <= denominator, "chance({}/{}) is not a probability",
                 numerator, denominator);
  return below(denominator) < numerator;
}

}  // namespace locksim
