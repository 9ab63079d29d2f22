// Liveness: while nobody holds the lock, a contender that is running must get it within the
// algorithm's bound (LockAlgorithm::liveness_bound: its lease plus its retry rounds). The wait is
// counted only while nobody believes they hold the lock and at least one client that wants it is
// running — a paused or crashed contender cannot be starved, and a holder stalled by a pause still
// holds. A wait longer than the bound is reported once; a run that ends inside such a wait ends in
// deadlock (or starvation), and says so.
#pragma once

#include <optional>

#include "sim/check/invariant.hpp"

namespace locksim {

class LivenessMonitor final : public MonitorBase<LivenessMonitor> {
 public:
  auto name() const -> std::string_view override { return "liveness"; }
  void before_step(const World& world, const Event& next) override;
  void after_step(const World& world, const Event& event, uint64_t step) override;
  void encode_history(StateEncoder& encoder, const World& world) const override;
  void finish(const World& world, TrueTime end, uint64_t steps) override;

  // Set by finish when the run ended with the lock unobtainable for longer than the bound.
  auto stuck_at_end() const -> bool { return stuck_at_end_; }

 private:
  void advance(TrueTime now);
  void check(const World& world, uint64_t step);
  // Whether a client believes it holds the lock, and whether it is running and wants it.
  struct Standing {
    bool holds = false;
    bool contends = false;
  };
  static auto standing(const World& world, ClientId client) -> Standing;

  // How many clients hold the lock and how many running clients want it, kept up to date from
  // the acting client (acting_client), whose standing before_step notes: a step costs the same
  // whatever the number of clients, and a copy for the model checker copies no per-client state.
  // Derived from the world, so left out of the history.
  bool counted_ = false;
  std::optional<ClientId> actor_;  // between before_step and after_step
  Standing actor_before_;
  bool stepping_ = false;
  uint32_t holders_ = 0;
  uint32_t contenders_ = 0;

  std::optional<Duration> bound_;  // the largest bound of the clients' algorithms
  TrueTime last_now_;
  bool waiting_ = false;    // nobody holds and a running client wants the lock
  Duration waited_;         // counted time of the current stretch without a holder
  TrueTime stretch_begin_;  // when the last holder let go
  bool reported_ = false;   // this stretch already counted
  bool stuck_at_end_ = false;
};

}  // namespace locksim
