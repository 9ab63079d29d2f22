// Mutual exclusion of lock beliefs, in true time: at no moment may two clients believe they hold
// the lock. A belief starts when a client's algorithm says "acquired" and ends when it starts
// releasing, crashes, or — for an algorithm that watches its lease — when its own clock says the
// lease is over while it runs (a paused client notices nothing). A belief can also resume: an
// extension that comes back after the lease ran out claims the lock was held throughout, so
// whoever held it in the meantime overlaps it in retrospect (C-11). The monitor reads beliefs
// from the world after every step; its own bookkeeping lives outside the world.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "sim/check/invariant.hpp"
#include "sim/core/ids.hpp"
#include "sim/world/world.hpp"

namespace locksim {

struct MutexViolation {
  std::vector<ClientId> clients;  // everyone who believed at the moment it began
  ClientId newcomer;              // the client whose acquisition made the overlap
  TrueTime begin;
  std::optional<TrueTime> end;  // when the overlap ended; empty if still open at the end
  uint64_t step = 0;            // the step (1-based) at which it began, or was seen
  // The world right after that step, to explain it; shared, since the model checker copies the
  // monitor (and this) with every state that follows.
  std::shared_ptr<const World> world;
  // The newcomer's belief resumed and claims a past the others held the lock in: the overlap
  // (begin..end) lies before the step.
  bool retrospective = false;
};

class MutualExclusionMonitor final : public MonitorBase<MutualExclusionMonitor> {
 public:
  auto name() const -> std::string_view override { return "mutex"; }
  void after_step(const World& world, const Event& event, uint64_t step) override;
  void encode_history(StateEncoder& encoder, const World& world) const override;

  auto acquisitions() const -> uint64_t { return acquisitions_; }
  // The first violation with the world right after it, to explain it.
  auto first_violation() const -> const OutOfLine<MutexViolation>& { return first_; }

 private:
  struct Section {
    TrueTime since;
    std::optional<TrueTime> end;  // none while it lasts
  };
  void report_retrospective(const World& world, ClientId claimant, uint64_t step);

  std::vector<char> held_;  // per client, as of the previous step (char: faster than bool)
  std::vector<std::optional<Section>> last_section_;  // per client, its latest belief
  uint64_t acquisitions_ = 0;
  OutOfLine<MutexViolation> first_;
};

}  // namespace locksim
