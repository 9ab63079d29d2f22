// No lock key left without a TTL by an algorithm that meant to set one. A client's belief says
// which key it holds and the TTL it meant that key to have; from then on the monitor watches that
// key on every server, and a key that has had no TTL for longer than that TTL is reported once
// per such stretch (a lock that will never expire by itself: a crash of its holder deadlocks).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/check/invariant.hpp"
#include "sim/world/world.hpp"

namespace locksim {

struct TtlLessLock {
  ServerId server;
  std::string key;
  TrueTime since;  // when it was last seen without a TTL, continuously since
  TrueTime at;     // when it had been so for longer than the TTL meant
  uint64_t step = 0;
};

class TtlLessLockMonitor final : public MonitorBase<TtlLessLockMonitor> {
 public:
  auto name() const -> std::string_view override { return "ttl"; }
  void after_step(const World& world, const Event& event, uint64_t step) override;
  void fingerprint_history(Fingerprinter& fingerprinter) const override;

  auto first() const -> const std::optional<TtlLessLock>& { return first_; }

 private:
  struct Watch {
    Duration ttl;                               // the longest TTL meant for this key
    std::map<uint32_t, TrueTime> no_ttl_since;  // by server
    std::map<uint32_t, bool> reported;          // this stretch already counted, by server
  };
  std::map<std::string, Watch, std::less<>> watched_;  // by key, in order
  std::vector<char> held_;                             // per client, as of the previous step
  bool any_without_ttl_ = false;                       // some watched key has no TTL on some server
  std::optional<TtlLessLock> first_;
};

}  // namespace locksim
