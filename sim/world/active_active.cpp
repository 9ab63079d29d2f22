// Active-Active versions and conflicts; see active_active.hpp.
#include "sim/world/active_active.hpp"

#include <algorithm>

#include "sim/core/assert.hpp"

namespace locksim {
namespace {

// Whether every write `a` has seen, `b` has seen too.
auto seen_by(const CrdtVersion& a, const CrdtVersion& b) -> bool {
  LOCKSIM_ASSERT(a.seen.size() == b.seen.size(), "versions over {} and {} instances", a.seen.size(),
                 b.seen.size());
  for (size_t i = 0; i < a.seen.size(); ++i) {
    if (a.seen[i] > b.seen[i]) return false;
  }
  return true;
}

auto same_value(const std::optional<redis::Entry>& a, const std::optional<redis::Entry>& b)
    -> bool {
  return a && b && a->value == b->value;
}

// Expiries ordered by length: none (no TTL) is the longest.
auto later_expiry(std::optional<int64_t> a, std::optional<int64_t> b) -> bool {
  if (a == b) return false;
  if (!a) return true;
  return b && *a > *b;
}

}  // namespace

auto next_version(const std::optional<CrdtVersion>& previous, uint32_t writer, uint32_t regions,
                  int64_t wall_ms, const std::optional<redis::Entry>& entry) -> CrdtVersion {
  CrdtVersion version{.seen = previous ? previous->seen : std::vector<uint64_t>(regions),
                      .wall_ms = wall_ms,
                      .writer = writer,
                      .expire_at_ms = entry ? entry->expire_at_ms : std::nullopt};
  ++version.seen[writer];
  return version;
}

auto incoming_wins(const std::optional<CrdtVersion>& local,
                   const std::optional<redis::Entry>& local_entry, const CrdtVersion& incoming,
                   const std::optional<redis::Entry>& incoming_entry) -> bool {
  if (!local) return true;
  if (seen_by(incoming, *local)) return false;  // nothing new (or an older write)
  if (seen_by(*local, incoming)) return true;   // it follows what this instance has
  if (same_value(local_entry, incoming_entry) && incoming.expire_at_ms != local->expire_at_ms) {
    return later_expiry(incoming.expire_at_ms, local->expire_at_ms);
  }
  if (incoming.wall_ms != local->wall_ms) return incoming.wall_ms > local->wall_ms;
  return incoming.writer < local->writer;
}

auto settled(const CrdtVersion& winner, const CrdtVersion& loser) -> CrdtVersion {
  CrdtVersion version = winner;
  for (size_t i = 0; i < version.seen.size(); ++i) {
    version.seen[i] = std::max(version.seen[i], loser.seen[i]);
  }
  return version;
}

}  // namespace locksim
