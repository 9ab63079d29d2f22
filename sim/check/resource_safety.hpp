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

class ResourceSafetyMonitor final : public MonitorBase<ResourceSafetyMonitor> {
 public:
  auto name() const -> std::string_view override { return "resource"; }
  void after_step(const World& world, const Event& event, uint64_t step) override;
  void fingerprint_history(Fingerprinter& fingerprinter) const override;

 private:
  struct Section {
    ClientId client;
    TrueTime begin;
    std::optional<uint64_t> token;
  };
  std::vector<char> held_;               // per client, as of the previous step
  std::vector<TrueTime> section_begin_;  // per client: when its latest belief began
  uint64_t writes_seen_ = 0;             // accepted + rejected, as of the previous step
  std::optional<Section> newest_;        // the newest section an accepted write came from
};

}  // namespace locksim
