// Safety at the protected resource: the resource must never accept a write from a critical
// section older than one it has already accepted a write from — a write from a client that has
// lost the lock to a newer holder who already wrote (Kleppmann's "unsafe-lock" diagram), or a
// fencing token that repeats or goes backwards. Sections are ordered by their fencing tokens
// when both writes carry one (the order the lock service granted them), else by when they began
// (the monitor notes when each client's belief began; the world need not keep it). A write the
// resource rejects is safe by definition and only counted.
#pragma once

#include <optional>
#include <vector>

#include "sim/check/invariant.hpp"

namespace locksim {

// A critical section a write came from: whose, when its belief began, the token it carried.
struct WriteSection {
  ClientId client;
  TrueTime begin;
  std::optional<uint64_t> token;
};

// The resource accepted a write from `stale` after one from `newer`, a section it orders after.
struct StaleWrite {
  WriteSection stale;
  WriteSection newer;
  TrueTime at;
  uint64_t step = 0;

  // The two sections in the order they began.
  auto began_first() const -> const WriteSection& {
    return stale.begin < newer.begin ? stale : newer;
  }
  auto began_later() const -> const WriteSection& {
    return stale.begin < newer.begin ? newer : stale;
  }
  // Both sections carry tokens, and the one that began later has no higher token than the one
  // that began first: the token source handed a token out again (or went back).
  auto tokens_out_of_order() const -> bool;
};

class ResourceSafetyMonitor final : public MonitorBase<ResourceSafetyMonitor> {
 public:
  auto name() const -> std::string_view override { return "resource"; }
  void after_step(const World& world, const Event& event, uint64_t step) override;
  void encode_history(StateEncoder& encoder, const World& world) const override;

  auto first() const -> const OutOfLine<StaleWrite>& { return first_; }

 private:
  std::vector<char> held_;               // per client, as of the previous step
  std::vector<TrueTime> section_begin_;  // per client: when its latest belief began
  uint64_t writes_seen_ = 0;             // accepted + rejected, as of the previous step
  std::optional<WriteSection> newest_;   // the newest section an accepted write came from
  OutOfLine<StaleWrite> first_;
};

}  // namespace locksim
