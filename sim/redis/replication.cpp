// Replication changes; see replication.hpp.
#include "sim/redis/replication.hpp"

#include <algorithm>

namespace locksim::redis {

auto collect_changes(const Keyspace& master, std::vector<std::string> keys)
    -> std::vector<KeyChange> {
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  std::vector<KeyChange> changes;
  changes.reserve(keys.size());
  for (std::string& key : keys) {
    const Entry* entry = master.raw(key);
    changes.push_back({std::move(key), entry ? std::optional(*entry) : std::nullopt});
  }
  return changes;
}

auto full_copy(const Keyspace& master) -> std::vector<KeyChange> {
  return collect_changes(master, master.keys());
}

auto expire_stale_keys(Server& master, int64_t now_ms) -> std::vector<std::string> {
  std::vector<std::string> expired = master.keyspace.expired_keys(now_ms);
  for (const std::string& key : expired) {
    master.keyspace.erase(key);
    master.sessions.touch(key, master.keyspace);
  }
  return expired;
}

void apply_changes(Server& replica, const std::vector<KeyChange>& changes, bool full) {
  Keyspace& keyspace = replica.keyspace;
  if (full) {
    replica.sessions.touch_all(keyspace);
    keyspace.clear();
  }
  for (const KeyChange& change : changes) {
    if (change.entry) {
      keyspace.put(change.key, *change.entry);
    } else {
      keyspace.erase(change.key);
    }
    // A full copy loads the data without touching anything (rdbLoad after emptyData).
    if (!full) replica.sessions.touch(change.key, keyspace);
  }
}

}  // namespace locksim::redis
