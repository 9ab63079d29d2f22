// A run observer that lets a tracer following messages (a happens-before recorder, a diagram
// recorder) forget, before every step, the messages the world no longer holds: a trace says
// when a message arrives, not when a reset connection or a crashed client loses it, and between
// steps everything that can still arrive is in the world.
#pragma once

#include "sim/explore/simulate.hpp"

namespace locksim {

template <class Recorder>
class ForgetLost final : public RunObserver {
 public:
  explicit ForgetLost(Recorder& recorder) : recorder_(&recorder) {}
  void before_step(const World& world) override { recorder_->forget_lost(world); }
  void finish(const World& /*world*/, TrueTime /*end*/) override {}

 private:
  Recorder* recorder_;
};

}  // namespace locksim
