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

auto expire_stale_keys(Keyspace& master, int64_t now_ms) -> std::vector<std::string> {
  std::vector<std::string> expired = master.expired_keys(now_ms);
  for (const std::string& key : expired) master.erase(key);
  return expired;
}

void apply_changes(Keyspace& replica, const std::vector<KeyChange>& changes, bool full) {
  if (full) replica.clear();
  for (const KeyChange& change : changes) {
    if (change.entry) {
      replica.put(change.key, *change.entry);
    } else {
      replica.erase(change.key);
    }
  }
}

}  // namespace locksim::redis
