// The model checker's visited set: 64-bit state fingerprints in one open-addressing table (8
// bytes a slot, grown at three quarters full), with an optional 32-bit slack per state — how
// much depth was left when it was explored — so that a state reached again with more left is
// explored again and a bounded verdict cannot depend on search order. Two distinct states with
// the same fingerprint are merged: with n states the chance of any such collision is about
// n^2 / 2^65, printed with the verdict.
#pragma once

#include <cstdint>
#include <vector>

namespace locksim {

// The probability that two of n distinct states share a 64-bit fingerprint (birthday bound):
// they are then merged, and one is never explored.
auto fingerprint_collision_probability(uint64_t states) -> double;

class VisitedSet {
 public:
  explicit VisitedSet(bool with_slack) : with_slack_(with_slack) { resize(1 << 16); }

  // Records the state; true when it is new, or was seen with less slack (then the slack is
  // raised). Without slack, the slack argument is ignored.
  auto insert(uint64_t fingerprint, uint32_t slack = 0) -> bool;

  auto size() const -> uint64_t { return size_; }
  auto bytes() const -> uint64_t {
    return keys_.capacity() * sizeof(uint64_t) + slack_.capacity() * sizeof(uint32_t);
  }
  auto collision_probability() const -> double { return fingerprint_collision_probability(size_); }

 private:
  void resize(uint64_t slots);

  bool with_slack_;
  std::vector<uint64_t> keys_;  // 0: empty (a fingerprint of 0 is stored as 1)
  std::vector<uint32_t> slack_;
  uint64_t size_ = 0;
  uint64_t mask_ = 0;
};

}  // namespace locksim
