// Bitstate storage; see bitstate_set.hpp.
//
// Hash functions: double hashing (Kirsch and Mitzenmacher, 2006), h_i = h1 + i * h2 for i = 0,
// 1, 2, each reduced to [0, m) by a multiply-high. h1 and h2 are two successive splitmix64
// outputs seeded with the state's 64-bit fingerprint xor the salt's key, h2 made odd so that it
// is never 0 (which would put all k indices on one bit).
//
// The omission bound. Suppose, as the analysis of Bloom filters does, that the k bit indices
// of a state not seen before are independent and uniform over the m bits (double hashing
// approximates this; its false-positive rate tends to the same limit). A new state met when X
// bits are set is then wrongly taken for one seen with probability (X / m)^k, whatever the set
// bits are. Number the distinct states in the order the search first meets them: if any is
// omitted, there is a first one, the t-th, and the t - 1 before it were all inserted, so t <= n
// + 1 for the n states inserted. By the union bound,
//     P(some state omitted) <= sum over t = 1 .. n + 1 of (X_t / m)^k,
// with X_t the bits set when the t-th was met: the sum over the insertions of the fill each
// met (kept exactly as the search goes), plus one last term at the final fill. For a fill that
// stays sparse this is close to the textbook sum of (1 - e^(-k t / m))^k. Two distinct states
// with one fingerprint are a different omission, which the model checker adds (n^2 / 2^65).
#include "sim/explore/check/bitstate_set.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/core/assert.hpp"
#include "sim/core/prng.hpp"

namespace locksim {
namespace {

__extension__ using u128 = unsigned __int128;

// [0, m) from 64 uniform bits, without a division (Lemire's multiply-high reduction).
auto reduce(uint64_t hash, uint64_t m) -> uint64_t {
  return static_cast<uint64_t>((static_cast<u128>(hash) * m) >> 64);
}

}  // namespace

BitstateSet::BitstateSet(uint64_t bytes, uint64_t salt)
    : words_(bytes / sizeof(uint64_t), 0), bits_(words_.size() * 64), salt_(salt) {
  key_ = splitmix64(salt);
  LOCKSIM_ASSERT(bytes >= sizeof(uint64_t), "a bit array of {} bytes", bytes);
}

auto BitstateSet::insert(uint64_t fingerprint) -> bool {
  uint64_t state = fingerprint ^ key_;
  const uint64_t h1 = splitmix64(state);
  const uint64_t h2 = splitmix64(state) | 1;
  const uint64_t set_before = bits_set_;
  for (uint64_t i = 0; i < kHashes; ++i) {
    const uint64_t bit = reduce(h1 + i * h2, bits_);
    uint64_t& word = words_[bit / 64];
    const uint64_t mask = uint64_t{1} << (bit % 64);
    if ((word & mask) == 0) {
      word |= mask;
      ++bits_set_;
    }
  }
  if (bits_set_ == set_before) return false;
  ++size_;
  omission_sum_ += hit_rate(set_before);
  return true;
}

auto BitstateSet::hit_rate(uint64_t set) const -> double {
  return std::pow(static_cast<double>(set) / static_cast<double>(bits_), kHashes);
}

auto BitstateSet::false_positive_rate() const -> double {
  return hit_rate(bits_set_);
}

auto BitstateSet::omission_bound() const -> double {
  return std::min(1.0, omission_sum_ + hit_rate(bits_set_));
}

auto BitstateSet::describe() const -> std::string {
  return fmt::format(
      "{} hashes h1 + i*h2 mod m (i = 0..{}; h1, h2: splitmix64 of the fingerprint, salt {}), "
      "m = {} bits",
      kHashes, kHashes - 1, salt_, bits_);
}

}  // namespace locksim
