// Who a lock key says owns it: a string key holds its owner's token; a Redisson-style hash lock
// holds one field named after its owner (with a reentrancy count). Used by the invariants that
// compare keys with beliefs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sim/core/same_bytes.hpp"
#include "sim/redis/keyspace.hpp"

namespace locksim {

inline auto lock_owner(const redis::Entry* entry) -> std::optional<std::string_view> {
  if (!entry) return std::nullopt;
  if (const auto* value = std::get_if<std::string>(&entry->value)) return *value;
  if (const auto* hash = std::get_if<redis::Hash>(&entry->value)) {
    if (hash->size() == 1) return std::string_view(hash->begin()->first);
  }
  return std::nullopt;
}

// Whether the lock key says `token` owns it.
inline auto owned_by(const redis::Entry* entry, std::string_view token) -> bool {
  const std::optional<std::string_view> owner = lock_owner(entry);
  return owner && same_bytes(*owner, token);
}

}  // namespace locksim
