// The keyspace as data; see keyspace.hpp.
#include "sim/redis/keyspace.hpp"

#include <algorithm>

#include "sim/core/same_bytes.hpp"

namespace locksim::redis {

auto Keyspace::index_of(std::string_view key) const -> size_t {
  // A few keys: equal sizes first, no ordering compare. Many: binary search.
  constexpr size_t kLinearMax = 8;
  if (entries_.size() <= kLinearMax) {
    for (size_t i = 0; i < entries_.size(); ++i) {
      if (same_bytes(entries_[i].first, key)) return i;
    }
    return kAbsent;
  }
  const auto found = std::lower_bound(
      entries_.begin(), entries_.end(), key,
      [](const auto& entry, std::string_view wanted) { return entry.first < wanted; });
  return found != entries_.end() && found->first == key
             ? static_cast<size_t>(found - entries_.begin())
             : kAbsent;
}

auto Keyspace::find(std::string_view key, int64_t now_ms, bool* deleted_expired) -> Entry* {
  const size_t index = index_of(key);
  if (index == kAbsent) return nullptr;
  Entry& entry = entries_[index].second;
  if (entry.expire_at_ms && now_ms > *entry.expire_at_ms) {
    entries_.erase(entries_.begin() + static_cast<ptrdiff_t>(index));
    if (deleted_expired) *deleted_expired = true;
    return nullptr;
  }
  return &entry;
}

auto Keyspace::visible(std::string_view key, int64_t now_ms) -> Entry* {
  const size_t index = index_of(key);
  if (index == kAbsent) return nullptr;
  Entry& entry = entries_[index].second;
  if (entry.expire_at_ms && now_ms > *entry.expire_at_ms) return nullptr;
  return &entry;
}

auto Keyspace::peek(std::string_view key, int64_t now_ms) const -> const Entry* {
  const size_t index = index_of(key);
  if (index == kAbsent) return nullptr;
  const Entry& entry = entries_[index].second;
  if (entry.expire_at_ms && now_ms > *entry.expire_at_ms) return nullptr;
  return &entry;
}

void Keyspace::put(std::string_view key, Entry entry) {
  const auto place = std::lower_bound(
      entries_.begin(), entries_.end(), key,
      [](const auto& item, std::string_view wanted) { return item.first < wanted; });
  if (place != entries_.end() && place->first == key) {
    place->second = std::move(entry);
  } else {
    entries_.emplace(place, std::string(key), std::move(entry));
  }
}

auto Keyspace::erase(std::string_view key) -> bool {
  const size_t index = index_of(key);
  if (index == kAbsent) return false;
  entries_.erase(entries_.begin() + static_cast<ptrdiff_t>(index));
  return true;
}

auto Keyspace::keys() const -> std::vector<std::string> {
  std::vector<std::string> out;
  out.reserve(entries_.size());
  for (const auto& [key, entry] : entries_) out.push_back(key);
  return out;
}

auto Keyspace::raw(std::string_view key) const -> const Entry* {
  const size_t index = index_of(key);
  return index == kAbsent ? nullptr : &entries_[index].second;
}

auto Keyspace::loaded_at(int64_t now_ms) const -> Keyspace {
  Keyspace loaded;
  for (const auto& [key, entry] : entries_) {
    if (entry.expire_at_ms && *entry.expire_at_ms < now_ms) continue;
    loaded.entries_.emplace_back(key, entry);  // in order, as entries_ is
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

void encode_entry(StateEncoder& encoder, const Entry& entry) {
  encoder.add(static_cast<uint64_t>(entry.value.index()));
  if (const auto* text = std::get_if<std::string>(&entry.value)) {
    encoder.text(*text);
  } else {
    const Hash& hash = std::get<Hash>(entry.value);
    encoder.add(static_cast<uint64_t>(hash.size()));
    for (const auto& [field, value] : hash) {
      encoder.text(field);
      encoder.text(value);
    }
  }
  encoder.add(entry.expire_at_ms.has_value());
  if (entry.expire_at_ms) encoder.wall_ms(*entry.expire_at_ms);
}

void Keyspace::encode(StateEncoder& encoder, std::optional<int64_t> live_at_ms) const {
  const auto written = [&](const Entry& entry) {
    return encoder.wants(!live_at_ms || !entry.expire_at_ms || *live_at_ms <= *entry.expire_at_ms);
  };
  encoder.add(static_cast<uint64_t>(std::count_if(
      entries_.begin(), entries_.end(), [&](const auto& item) { return written(item.second); })));
  for (const auto& [key, entry] : entries_) {
    if (!written(entry)) continue;
    encoder.text(key);
    encode_entry(encoder, entry);
  }
}

}  // namespace locksim::redis
