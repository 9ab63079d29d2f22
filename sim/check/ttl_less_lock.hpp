// No lock key left without a TTL by an algorithm that meant to set one. Every algorithm declares
// its lock keys and the TTL it means each to have (KeyUse); the monitor watches those keys on
// every server from the start of the run, whatever their writer learnt of its own commands — a
// client that dies after its SETNX is applied but before it reads the reply believes nothing,
// yet its key is there. A key that has had no TTL for longer than that TTL is reported once per
// such stretch (a lock that will never expire by itself: a crash of its holder deadlocks).
// Other keys (a fencing counter, which never expires by design) are not watched.
#pragma once

#include <map>
#include <optional>
#include <string>

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
  void encode_history(StateEncoder& encoder, const World& world) const override;

  auto first() const -> const OutOfLine<TtlLessLock>& { return first_; }

 private:
  struct Watch {
    Duration ttl;                               // the longest TTL meant for this key
    std::map<uint32_t, TrueTime> no_ttl_since;  // by server
    std::map<uint32_t, bool> reported;          // this stretch already counted, by server
  };
  // Every client's lock keys that are meant to have a TTL, by key, in order.
  static auto declared_watches(const World& world) -> std::map<std::string, Watch, std::less<>>;

  std::optional<std::map<std::string, Watch, std::less<>>> watched_;  // set at the first step
  bool any_without_ttl_ = false;  // some watched key has no TTL on some server
  OutOfLine<TtlLessLock> first_;
};

}  // namespace locksim
