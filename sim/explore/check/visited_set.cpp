// The visited set; see visited_set.hpp.
#include "sim/explore/check/visited_set.hpp"

#include <cmath>

namespace locksim {

auto VisitedSet::insert(uint64_t fingerprint, uint32_t slack) -> bool {
  if (fingerprint == 0) fingerprint = 1;
  if ((size_ + 1) * 4 > keys_.size() * 3) resize(keys_.size() * 2);
  // Fingerprints are already uniform hashes: the low bits pick the slot.
  for (uint64_t slot = fingerprint & mask_;; slot = (slot + 1) & mask_) {
    if (keys_[slot] == fingerprint) {
      if (!with_slack_ || slack <= slack_[slot]) return false;
      slack_[slot] = slack;
      return true;
    }
    if (keys_[slot] != 0) continue;
    keys_[slot] = fingerprint;
    if (with_slack_) slack_[slot] = slack;
    ++size_;
    return true;
  }
}

auto fingerprint_collision_probability(uint64_t states) -> double {
  const auto n = static_cast<double>(states);
  return std::min(1.0, n * n / std::ldexp(1.0, 65));
}

void VisitedSet::resize(uint64_t slots) {
  std::vector<uint64_t> old_keys(slots, 0);
  std::vector<uint32_t> old_slack(with_slack_ ? slots : 0, 0);
  old_keys.swap(keys_);
  old_slack.swap(slack_);
  mask_ = slots - 1;
  size_ = 0;
  for (uint64_t i = 0; i < old_keys.size(); ++i) {
    if (old_keys[i] != 0) insert(old_keys[i], with_slack_ ? old_slack[i] : 0);
  }
}

}  // namespace locksim
