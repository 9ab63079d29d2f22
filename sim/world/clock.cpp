// Drifting, steppable node clocks in integer arithmetic; see clock.hpp.
#include "sim/world/clock.hpp"

#include <algorithm>

#include "sim/core/assert.hpp"

namespace locksim {
namespace {

__extension__ using i128 = __int128;
constexpr int64_t kMillion = 1'000'000;

template <class Integer>
auto floor_div(Integer numerator, Integer denominator) -> int64_t {
  Integer quotient = numerator / denominator;
  if ((numerator % denominator != 0) && ((numerator < 0) != (denominator < 0))) --quotient;
  return static_cast<int64_t>(quotient);
}

}  // namespace

NodeClock::NodeClock(Duration wall_offset, int32_t drift_ppm)
    : wall_offset_(wall_offset), drift_ppm_(drift_ppm) {
  LOCKSIM_ASSERT(drift_ppm > -kMillion, "drift {} ppm would stop or reverse the clock", drift_ppm);
}

auto NodeClock::drifted_elapsed(TrueTime t) const -> Duration {
  const int64_t since_anchor = t.us - anchor_true_.us;
  const int64_t rate = kMillion + drift_ppm_;
  // In 64 bits while the product fits (106 days since the anchor at most drift): a 128-bit
  // division is a library call, and a drifting clock is read at nearly every step.
  int64_t scaled = 0;
  if (!__builtin_mul_overflow(since_anchor, rate, &scaled)) {
    return anchor_elapsed_ + Duration{floor_div(scaled, kMillion)};
  }
  return anchor_elapsed_ +
         Duration{floor_div(static_cast<i128>(since_anchor) * rate, static_cast<i128>(kMillion))};
}

auto NodeClock::when_monotonic_reaches(LocalTime target, TrueTime not_before) const -> TrueTime {
  LOCKSIM_ASSERT(not_before >= anchor_true_, "asked about {} before the clock's anchor {}",
                 not_before, anchor_true_);
  const Duration needed = (target - LocalTime{}) - anchor_elapsed_;
  if (needed.us <= 0) return not_before;
  if (drift_ppm_ == 0) return std::max(not_before, anchor_true_ + needed);
  // Smallest x with floor(x * (1e6 + ppm) / 1e6) >= needed, i.e. x >= needed*1e6 / (1e6 + ppm).
  const i128 rate = kMillion + drift_ppm_;
  const i128 scaled = static_cast<i128>(needed.us) * kMillion;
  const auto since_anchor = static_cast<int64_t>((scaled + rate - 1) / rate);
  const TrueTime at = anchor_true_ + Duration{since_anchor};
  LOCKSIM_ASSERT(monotonic(at) >= target, "inverse of the clock is off: {} < {}", monotonic(at).us,
                 target.us);
  return at < not_before ? not_before : at;
}

void NodeClock::set_drift(TrueTime now, int32_t drift_ppm) {
  LOCKSIM_ASSERT(drift_ppm > -kMillion, "drift {} ppm would stop or reverse the clock", drift_ppm);
  anchor_elapsed_ = elapsed(now);
  anchor_true_ = now;
  drift_ppm_ = drift_ppm;
}

void NodeClock::encode(StateEncoder& encoder) const {
  encoder.add(wall_offset_);
  encoder.add(static_cast<int64_t>(drift_ppm_));
  if (encoder.relative_time()) {
    encoder.add(anchor_elapsed_.us - anchor_true_.us);
    return;
  }
  encoder.add(anchor_true_);
  encoder.add(anchor_elapsed_);
}

}  // namespace locksim
