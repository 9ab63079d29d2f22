// The TTL-less lock monitor; see ttl_less_lock.hpp.
#include "sim/check/ttl_less_lock.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace locksim {

void TtlLessLockMonitor::after_step(const World& world, const Event& /*event*/, uint64_t step) {
  for (const ClientState& client : world.clients) {
    const Belief& belief = client.belief;
    if (!belief.holding || !belief.ttl) continue;
    Watch& watch = watched_[belief.key];
    watch.ttl = std::max(watch.ttl, *belief.ttl);
  }
  for (auto& [key, watch] : watched_) {
    for (uint32_t s = 0; s < world.servers.size(); ++s) {
      const ServerState& server = world.servers[s];
      const redis::Entry* entry =
          server.redis.keyspace.peek(key, server.clock.wall(world.now).unix_ms());
      if (!entry || entry->expire_at_ms) {
        watch.no_ttl_since.erase(s);
        watch.reported.erase(s);
        continue;
      }
      const TrueTime since = watch.no_ttl_since.try_emplace(s, world.now).first->second;
      if (world.now - since <= watch.ttl || watch.reported[s]) continue;
      watch.reported[s] = true;
      report([&] {
        first_ = TtlLessLock{ServerId{s}, key, since, world.now, step};
        return Finding{name(),
                       world.now,
                       step,
                       {},
                       fmt::format("key '{}' on {} has had no TTL since {}, longer than the TTL "
                                   "its algorithm meant it to have",
                                   key, ServerId{s}, since)};
      });
    }
  }
}

}  // namespace locksim
