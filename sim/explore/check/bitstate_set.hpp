// The model checker's bitstate storage (Holzmann's bitstate hashing, SPIN's supertrace): a
// state is kept as kHashes bits of one bit array instead of its 8-byte fingerprint, so that a
// configuration too large to store exactly can still be searched in fixed memory. The price is
// that a new state whose bits happen all to be set already is taken for one seen and not
// explored: a search in this mode can miss states, so it can find counterexamples (they are
// real paths, replayed) but never verify. The bound on the probability of having missed any
// state is kept as the search goes (omission_bound).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace locksim {

class BitstateSet {
 public:
  // SPIN's default (-k3): more hashes lower the false-positive rate of a sparse array and raise
  // that of a full one; three is near the best for arrays of 8 to 32 bits a state.
  static constexpr uint32_t kHashes = 3;

  // A bit array of `bytes` bytes (at least 8), its hash functions keyed by `salt` (a swarm gives
  // each search its own, so that their omissions differ).
  BitstateSet(uint64_t bytes, uint64_t salt);

  // Sets the state's bits; true when at least one was clear (the state is new).
  auto insert(uint64_t fingerprint) -> bool;

  auto size() const -> uint64_t { return size_; }  // states taken as new
  auto bytes() const -> uint64_t { return words_.size() * sizeof(uint64_t); }
  auto bits_set() const -> uint64_t { return bits_set_; }
  // The chance that a new state is taken for one seen, were it met now: (set / m)^k.
  auto false_positive_rate() const -> double;
  // An upper bound on the probability that the search wrongly took any new state for one seen;
  // see bitstate_set.cpp for its derivation.
  auto omission_bound() const -> double;
  // The hash functions, as printed with the verdict.
  auto describe() const -> std::string;

 private:
  auto hit_rate(uint64_t set) const -> double;

  std::vector<uint64_t> words_;
  uint64_t bits_;  // m
  uint64_t salt_;
  uint64_t key_;  // splitmix64 of the salt
  uint64_t size_ = 0;
  uint64_t bits_set_ = 0;
  double omission_sum_ = 0;  // sum over the states taken as new of their chance of omission
};

}  // namespace locksim
