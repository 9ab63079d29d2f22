// Replication as data: what a master sends its replicas after a command — the keys it changed,
// each with its entry as the master now stores it (expiry as an absolute time, as Redis 7.0
// propagates every TTL) or none if deleted — and how a replica applies that, verbatim: a
// replica never judges expiry on what its master sends.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/redis/keyspace.hpp"
#include "sim/redis/server.hpp"

namespace locksim::redis {

struct KeyChange {
  std::string key;
  std::optional<Entry> entry;
  auto operator==(const KeyChange&) const -> bool = default;
};

// The changes for `keys` (in any order, repeats allowed) as the master's keyspace holds them now.
auto collect_changes(const Keyspace& master, std::vector<std::string> keys)
    -> std::vector<KeyChange>;

// Every key of the master: a full synchronisation.
auto full_copy(const Keyspace& master) -> std::vector<KeyChange>;

// A master's active expiry cycle: deletes every key already expired at now_ms, touching its
// watchers, and returns them (to be propagated as deletions). Redis samples keys with a TTL and
// repeats while more than 10% of a sample had expired; for the few keys of a lock workload that
// removes them all.
auto expire_stale_keys(Server& master, int64_t now_ms) -> std::vector<std::string>;

// Applies changes to a replica's keyspace, touching the watchers of each key changed; `full`
// replaces everything it held (an emptied database touches every watched key it held).
void apply_changes(Server& replica, const std::vector<KeyChange>& changes, bool full);

}  // namespace locksim::redis
