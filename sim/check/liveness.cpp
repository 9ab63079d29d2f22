// The liveness monitor; see liveness.hpp.
#include "sim/check/liveness.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/core/assert.hpp"
#include "sim/world/step.hpp"

namespace locksim {

void LivenessMonitor::advance(TrueTime now) {
  if (waiting_) waited_ = waited_ + (now - last_now_);
  last_now_ = now;
}

void LivenessMonitor::after_step(const World& world, const Event& event, uint64_t step) {
  if (!bound_) {
    Duration bound;
    for (const ClientState& client : world.clients) {
      bound = std::max(bound, client.program->liveness_bound());
    }
    bound_ = bound;
  }
  LOCKSIM_ASSERT(stepping_, "liveness: step {} ({}) without before_step", step,
                 to_string(event.kind));
  stepping_ = false;
  if (actor_) {
    const Standing now = standing(world, *actor_);
    holders_ = holders_ - actor_before_.holds + now.holds;
    contenders_ = contenders_ - actor_before_.contends + now.contends;
  }
  advance(world.now);
  check(world, step);
}

auto LivenessMonitor::standing(const World& world, ClientId client) -> Standing {
  const ClientState& state = world.clients[client.index];
  return {state.belief.holding, state.status == ProcessStatus::running && state.wanting};
}

void LivenessMonitor::before_step(const World& world, const Event& next) {
  if (!counted_) {  // the first step: count everyone
    for (uint32_t c = 0; c < world.clients.size(); ++c) {
      const Standing now = standing(world, ClientId{c});
      holders_ += now.holds;
      contenders_ += now.contends;
    }
    counted_ = true;
  }
  actor_ = acting_client(world, next);
  if (actor_) actor_before_ = standing(world, *actor_);
  stepping_ = true;
}

void LivenessMonitor::check(const World& world, uint64_t step) {
  if (holders_ > 0) {
    waiting_ = false;
    waited_ = Duration{};
    reported_ = false;
    stretch_begin_ = world.now;
    return;
  }
  waiting_ = contenders_ > 0;
  if (waited_ <= *bound_ || reported_) return;
  reported_ = true;
  report([&] {
    std::vector<ClientId> wanting;
    for (uint32_t c = 0; c < world.clients.size(); ++c) {
      if (world.clients[c].wanting) wanting.push_back(ClientId{c});
    }
    return Finding{name(), world.now, step, wanting,
                   fmt::format("nobody has held the lock since {} and running contenders have "
                               "waited {}, longer than the bound {}",
                               stretch_begin_, waited_, *bound_)};
  });
}

void LivenessMonitor::finish(const World& world, TrueTime end, uint64_t steps) {
  if (!bound_) return;
  advance(end);
  check(world, steps);
  stuck_at_end_ = reported_;
}

void LivenessMonitor::encode_history(StateEncoder& encoder, const World& /*world*/) const {
  // The bound is fixed by the configuration once known; the rest is the current stretch. After
  // a step last_now_ is now; how long a reported stretch goes on, and when it began, only the
  // finding's text reads.
  encoder.add(bound_.has_value());
  encoder.time(last_now_);
  encoder.add(waiting_);
  if (encoder.wants(!reported_)) encoder.add(waited_);
  if (encoder.wants(false)) encoder.time(stretch_begin_);
  encoder.add(reported_);
}

}  // namespace locksim
