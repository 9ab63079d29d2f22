// The keyspace as data; see keyspace.hpp.
#include "sim/redis/keyspace.hpp"

namespace locksim::redis {

auto Keyspace::find(std::string_view key, int64_t now_ms, bool* deleted_expired) -> Entry* {
  const auto found = entries_.find(key);
  if (found == entries_.end()) return nullptr;
  if (found->second.expire_at_ms && now_ms > *found->second.expire_at_ms) {
    entries_.erase(found);
    if (deleted_expired) *deleted_expired = true;
    return nullptr;
  }
  return &found->second;
}

auto Keyspace::visible(std::string_view key, int64_t now_ms) -> Entry* {
  const auto found = entries_.find(key);
  if (found == entries_.end()) return nullptr;
  if (found->second.expire_at_ms && now_ms > *found->second.expire_at_ms) return nullptr;
  return &found->second;
}

auto Keyspace::peek(std::string_view key, int64_t now_ms) const -> const Entry* {
  const auto found = entries_.find(key);
  if (found == entries_.end()) return nullptr;
  const Entry& entry = found->second;
  if (entry.expire_at_ms && now_ms > *entry.expire_at_ms) return nullptr;
  return &entry;
}

void Keyspace::put(std::string_view key, Entry entry) {
  const auto found = entries_.find(key);
  if (found != entries_.end()) {
    found->second = std::move(entry);
  } else {
    entries_.emplace(std::string(key), std::move(entry));
  }
}

auto Keyspace::erase(std::string_view key) -> bool {
  const auto found = entries_.find(key);
  if (found == entries_.end()) return false;
  entries_.erase(found);
  return true;
}

auto Keyspace::keys() const -> std::vector<std::string> {
  std::vector<std::string> out;
  out.reserve(entries_.size());
  for (const auto& [key, entry] : entries_) out.push_back(key);
  return out;
}

auto Keyspace::raw(std::string_view key) const -> const Entry* {
  const auto found = entries_.find(key);
  return found == entries_.end() ? nullptr : &found->second;
}

auto Keyspace::loaded_at(int64_t now_ms) const -> Keyspace {
  Keyspace loaded;
  for (const auto& [key, entry] : entries_) {
    if (entry.expire_at_ms && *entry.expire_at_ms < now_ms) continue;
    loaded.entries_.emplace(key, entry);
  }
  return loaded;
}

auto Keyspace::expired_keys(int64_t now_ms) const -> std::vector<std::string> {
  std::vector<std::string> expired;
  for (const auto& [key, entry] : entries_) {
    if (entry.expire_at_ms && now_ms > *entry.expire_at_ms) expired.push_back(key);
  }
  return expired;
}

void fingerprint_entry(Fingerprinter& fingerprinter, const Entry& entry) {
  fingerprinter.add(static_cast<uint64_t>(entry.value.index()));
  if (const auto* text = std::get_if<std::string>(&entry.value)) {
    fingerprinter.add(std::string_view(*text));
  } else {
    const Hash& hash = std::get<Hash>(entry.value);
    fingerprinter.add(static_cast<uint64_t>(hash.size()));
    for (const auto& [field, value] : hash) {
      fingerprinter.add(std::string_view(field));
      fingerprinter.add(std::string_view(value));
    }
  }
  fingerprinter.add(entry.expire_at_ms.has_value());
  fingerprinter.add(entry.expire_at_ms.value_or(0));
}

void Keyspace::fingerprint(Fingerprinter& fingerprinter) const {
  fingerprinter.add(static_cast<uint64_t>(entries_.size()));
  for (const auto& [key, entry] : entries_) {
    fingerprinter.add(std::string_view(key));
    fingerprint_entry(fingerprinter, entry);
  }
}

}  // namespace locksim::redis
