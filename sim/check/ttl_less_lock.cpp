// The TTL-less lock monitor; see ttl_less_lock.hpp.
#include "sim/check/ttl_less_lock.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/world/step.hpp"

namespace locksim {

namespace {

// Whether a step of this kind can add, remove or change a key (time alone only expires keys,
// which never makes a key TTL-less).
auto can_change_keys(EventKind kind) -> bool {
  switch (kind) {
    case EventKind::deliver_request:
    case EventKind::deliver_replication:
    case EventKind::server_crash:
    case EventKind::server_restart:
    case EventKind::server_cron:
    case EventKind::promote:
    case EventKind::failover: return true;
    default: return false;
  }
}

}  // namespace

void TtlLessLockMonitor::after_step(const World& world, const Event& event, uint64_t step) {
  bool rescan = can_change_keys(event.kind);
  bool new_watch = false;
  held_.resize(world.clients.size(), 0);
  if (const std::optional<ClientId> actor = acting_client(world, event)) {
    const Belief& belief = world.clients[actor->index].belief;
    if (belief.holding && !held_[actor->index] && belief.ttl) {
      Watch& watch = watched_[belief.key];
      watch.ttl = std::max(watch.ttl, *belief.ttl);
      new_watch = true;
    }
    held_[actor->index] = belief.holding;
  }
  if (!rescan && !new_watch && !any_without_ttl_) return;  // nothing changed, nothing TTL-less
  // A command changes keys only on the server it reached (elsewhere time passed, which only
  // expires keys that had a TTL).
  const bool one_server = event.kind == EventKind::deliver_request && !new_watch;
  const uint32_t touched = one_server ? world.server_of(event.subject).index : 0;
  any_without_ttl_ = false;
  for (auto& watched : watched_) {
    // Named, not bound: lambdas below may not capture structured bindings (clang 14).
    const std::string& key = watched.first;
    Watch& watch = watched.second;
    for (uint32_t s = 0; s < world.servers.size(); ++s) {
      if ((rescan || new_watch) && (!one_server || s == touched)) {
        const ServerState& server = world.servers[s];
        const redis::Entry* entry =
            server.redis.keyspace.peek(key, server.clock.wall(world.now).unix_ms());
        if (!entry || entry->expire_at_ms) {
          watch.no_ttl_since.erase(s);
          watch.reported.erase(s);
          continue;
        }
        watch.no_ttl_since.try_emplace(s, world.now);
      }
      const auto found = watch.no_ttl_since.find(s);
      if (found == watch.no_ttl_since.end()) continue;
      any_without_ttl_ = true;
      const TrueTime since = found->second;
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

void TtlLessLockMonitor::fingerprint_history(Fingerprinter& fingerprinter) const {
  fingerprinter.add(static_cast<uint64_t>(watched_.size()));
  for (const auto& [key, watch] : watched_) {
    fingerprinter.add(std::string_view(key));
    fingerprinter.add(watch.ttl);
    fingerprinter.add(static_cast<uint64_t>(watch.no_ttl_since.size()));
    for (const auto& [server, since] : watch.no_ttl_since) {
      fingerprinter.add(server);
      fingerprinter.add(since);
    }
    fingerprinter.add(static_cast<uint64_t>(watch.reported.size()));
    for (const auto& [server, reported] : watch.reported) {
      fingerprinter.add(server);
      fingerprinter.add(reported);
    }
  }
  fingerprinter.add(static_cast<uint64_t>(held_.size()));
  for (const char held : held_) fingerprinter.add(held != 0);
  fingerprinter.add(any_without_ttl_);
}

}  // namespace locksim
