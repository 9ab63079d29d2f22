// The checker's chooser; see domain_odometer.hpp.
#include "sim/explore/check/domain_odometer.hpp"

#include <optional>

#include "sim/core/assert.hpp"

namespace locksim {

auto DomainOdometer::choose(const Choice& choice) -> Duration {
  std::optional<Duration> pinned;
  for (size_t i = 0; i < pins_.size(); ++i) {
    if (!counts_toward(pins_[i], choice) || seen_[i] == pins_[i].nth) continue;
    if (++seen_[i] == pins_[i].nth && !pinned) pinned = pins_[i].value;
  }
  if (position_ == digits_.size()) {
    if (pinned) {
      digits_.push_back({choice.kind, 0, nullptr, *pinned});
    } else {
      const std::vector<Duration>& values = domains_.values(choice);
      used_->values[static_cast<size_t>(choice.kind)].insert(values.begin(), values.end());
      digits_.push_back({choice.kind, 0, &values, {}});
    }
  }
  const Digit& digit = digits_[position_++];
  LOCKSIM_ASSERT(digit.kind == choice.kind, "choice {} was {} and is now {}", position_,
                 to_string(digit.kind), to_string(choice.kind));
  const Duration value = digit.current();
  answers_.push_back({choice.kind, choice.subject, value});
  return value;
}

auto DomainOdometer::next() -> bool {
  LOCKSIM_ASSERT(position_ == digits_.size(), "run used {} of {} recorded choices", position_,
                 digits_.size());
  while (!digits_.empty() && digits_.back().value + 1 == digits_.back().count()) {
    digits_.pop_back();
  }
  position_ = 0;
  answers_.clear();
  seen_ = seen_before_;
  if (digits_.empty()) return false;
  ++digits_.back().value;
  return true;
}

}  // namespace locksim
