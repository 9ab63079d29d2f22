// The liveness monitor; see liveness.hpp.
#include "sim/check/liveness.hpp"

#include <fmt/format.h>

#include <algorithm>

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
  advance(world.now);
  count(world, event);
  check(world, step);
}

void LivenessMonitor::count(const World& world, const Event& event) {
  const bool first = holds_.size() != world.clients.size();
  if (first) {
    holds_.assign(world.clients.size(), 0);
    contends_.assign(world.clients.size(), 0);
  }
  for_each_changed_client(world, event, first, [&](uint32_t c) {
    const ClientState& client = world.clients[c];
    const bool holds = client.belief.holding;
    const bool contends = client.status == ProcessStatus::running && client.wanting;
    holders_ = holders_ - holds_[c] + holds;
    contenders_ = contenders_ - contends_[c] + contends;
    holds_[c] = holds;
    contends_[c] = contends;
  });
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
