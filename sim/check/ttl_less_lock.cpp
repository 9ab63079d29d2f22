// The TTL-less lock monitor; see ttl_less_lock.hpp.
#include "sim/check/ttl_less_lock.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace locksim {

namespace {

// Whether a step of this kind can add, remove or change a key (time alone only expires keys,
// which never makes a key TTL-less).
auto can_change_keys(EventKind kind) -> bool {
  switch (kind) {
    case EventKind::deliver_request:
    case EventKind::script_call:
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

auto TtlLessLockMonitor::declared_watches(const World& world)
    -> std::map<std::string, Watch, std::less<>> {
  std::map<std::string, Watch, std::less<>> watches;
  for (const ClientSettings& client : world.config->clients) {
    for (const KeyUse& use : client.program->keys()) {
      if (use.role != KeyUse::Role::lock || !use.ttl) continue;
      Watch& watch = watches[use.key];
      watch.ttl = std::max(watch.ttl, *use.ttl);
    }
  }
  return watches;
}

void TtlLessLockMonitor::after_step(const World& world, const Event& event, uint64_t step) {
  // The first step looks at every server, in case the run began with keys in place.
  const bool first_step = !watched_;
  if (first_step) watched_ = declared_watches(world);
  const bool rescan = first_step || can_change_keys(event.kind);
  if (!rescan && !any_without_ttl_) return;  // nothing changed, nothing TTL-less
  // A command changes keys only on the server it reached (elsewhere time passed, which only
  // expires keys that had a TTL).
  const bool one_server = !first_step && runs_command(event.kind);
  const uint32_t touched = one_server ? world.server_of(event.subject).index : 0;
  any_without_ttl_ = false;
  for (auto& watched : *watched_) {
    // Named, not bound: lambdas below may not capture structured bindings (clang 14).
    const std::string& key = watched.first;
    Watch& watch = watched.second;
    const auto look_at = [&](uint32_t s) {
      const ServerState& server = world.servers[s];
      const redis::Entry* entry =
          server.redis.keyspace.peek(key, server.clock.wall(world.now).unix_ms());
      if (!entry || entry->expire_at_ms) {
        watch.no_ttl_since.erase(s);
        watch.reported.erase(s);
      } else {
        watch.no_ttl_since.try_emplace(s, world.now);
      }
    };
    if (one_server) {
      look_at(touched);
    } else if (rescan) {
      for (uint32_t s = 0; s < world.servers.size(); ++s) look_at(s);
    }
    // Only servers holding the key without a TTL can be reported: a step costs the same
    // whatever the number of servers.
    for (const auto& [s, since_begin] : watch.no_ttl_since) {
      any_without_ttl_ = true;
      const TrueTime since = since_begin;
      if (world.now - since <= watch.ttl) continue;
      bool& reported = watch.reported[s];
      if (reported) continue;
      reported = true;
      const uint32_t server = s;
      report([&] {
        first_ = TtlLessLock{ServerId{server}, key, since, world.now, step};
        return Finding{name(),
                       world.now,
                       step,
                       {},
                       fmt::format("key '{}' on {} has had no TTL since {}, longer than the TTL "
                                   "its algorithm meant it to have",
                                   key, ServerId{server}, since)};
      });
    }
  }
}

void TtlLessLockMonitor::encode_history(StateEncoder& encoder, const World& /*world*/) const {
  // The watched keys are fixed by the configuration; their TTL-less stretches are the history.
  encoder.add(watched_.has_value());
  if (!watched_) return;
  for (const auto& [key, watch] : *watched_) {
    encoder.add(static_cast<uint64_t>(watch.no_ttl_since.size()));
    for (const auto& [server, since] : watch.no_ttl_since) {
      encoder.add(server);
      // Once reported, how long the stretch lasts decides nothing.
      const auto reported = watch.reported.find(server);
      if (encoder.wants(reported == watch.reported.end() || !reported->second)) {
        encoder.time(since);
      }
    }
    encoder.add(static_cast<uint64_t>(watch.reported.size()));
    for (const auto& [server, reported] : watch.reported) {
      encoder.add(server);
      encoder.add(reported);
    }
  }
  encoder.add(any_without_ttl_);
}

}  // namespace locksim
