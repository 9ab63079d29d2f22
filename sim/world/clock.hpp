// A node's clocks. Both run off one oscillator that drifts by drift_ppm; the wall clock (unix
// time, what Redis uses for expiry) also has an offset and can be stepped forward or back; the
// monotonic clock never steps. A change of drift takes effect from the moment it is made, so a
// clock is a piecewise-linear function of true time anchored at the last change.
#pragma once

#include <cstdint>

#include "sim/core/fingerprint.hpp"
#include "sim/core/state_encoder.hpp"
#include "sim/core/time.hpp"

namespace locksim {

// 2026-01-01T00:00:00Z: what every wall clock reads at true time zero, before its own offset.
inline constexpr LocalTime kDefaultWallEpoch{1'767'225'600'000'000};

class NodeClock {
 public:
  NodeClock() = default;
  NodeClock(Duration wall_offset, int32_t drift_ppm);

  auto wall(TrueTime t) const -> LocalTime { return kDefaultWallEpoch + wall_offset_ + elapsed(t); }
  auto monotonic(TrueTime t) const -> LocalTime { return LocalTime{} + elapsed(t); }

  // The earliest true time at or after `not_before` at which the monotonic clock reads at least
  // `target`: when a timer set on this clock fires.
  auto when_monotonic_reaches(LocalTime target, TrueTime not_before) const -> TrueTime;

  void step_wall(Duration step) { wall_offset_ += step; }
  void set_drift(TrueTime now, int32_t drift_ppm);

  auto drift_ppm() const -> int32_t { return drift_ppm_; }
  // With times relative to now (no clock drifts then) the anchor is written as the one offset it
  // makes, elapsed minus true time at the anchor.
  void encode(StateEncoder& encoder) const;
  auto operator==(const NodeClock&) const -> bool = default;

 private:
  // Local time elapsed on the oscillator since true time zero. Inline for a clock that does
  // not drift: every step reads several clocks.
  auto elapsed(TrueTime t) const -> Duration {
    if (drift_ppm_ == 0) return anchor_elapsed_ + (t - anchor_true_);
    return drifted_elapsed(t);
  }
  auto drifted_elapsed(TrueTime t) const -> Duration;

  Duration wall_offset_;
  int32_t drift_ppm_ = 0;
  TrueTime anchor_true_;     // when the drift last changed
  Duration anchor_elapsed_;  // elapsed() at that moment
};

}  // namespace locksim
