// The TTL-less lock monitor; see ttl_less_lock.hpp.
#include "sim/check/ttl_less_lock.hpp"

#include <algorithm>

namespace locksim {

void TtlLessLockMonitor::observe(const World& world, uint64_t step) {
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
      ++count_;
      if (!first_) first_ = TtlLessLock{ServerId{s}, key, since, world.now, step};
    }
  }
}

}  // namespace locksim
