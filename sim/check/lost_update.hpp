// lost-update: a counter workload's shared counter holds every increment its clients were told
// had committed, and none twice. After every step at which the counter's master is up, with
// `acknowledged` the increments the clients were told committed and `started` those they began
// (a retry of the same one counts once), the counter's value must lie in [acknowledged,
// started]: below, an acknowledged increment was lost (two read-modify-writes interleaved, or
// the server lost the write); above, one increment landed twice (a retry after an ambiguous
// timeout). Each new low (or high) of the value against those bounds is one violation. A
// client's counts die with its process, so the monitor keeps what earlier incarnations did.
// Only worlds whose algorithms declare a shared counter (KeyUse::Role::shared_counter) carry
// this monitor (make_workload_invariants), in simulate and in the model checker alike.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/check/invariant.hpp"

namespace locksim {

class LostUpdateMonitor final : public MonitorBase<LostUpdateMonitor> {
 public:
  explicit LostUpdateMonitor(std::string key) : key_(std::move(key)) {}

  auto name() const -> std::string_view override { return "lost-update"; }
  void after_step(const World& world, const Event& event, uint64_t step) override;
  void encode_history(StateEncoder& encoder, const World& world) const override;

 private:
  struct ClientCounts {
    uint32_t incarnation = 0;
    IncrementCounts earlier;  // the sums of the incarnations before this one
    IncrementCounts current;  // as this incarnation last showed them
  };

  std::string key_;
  std::vector<ClientCounts> clients_;  // by client, sized at the first step
  uint64_t worst_missing_ = 0;         // the most acknowledged increments missing so far
  uint64_t worst_extra_ = 0;           // the most increments counted twice so far
};

}  // namespace locksim
