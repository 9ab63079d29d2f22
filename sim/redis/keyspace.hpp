// One Redis database as data: keys, typed values and absolute expiry times. Expiry follows
// Redis 7.0 exactly: a key with expiry `when` (unix ms on the server's wall clock) is visible
// while now <= when and gone once now > when. Every lookup applies that rule (lazy expiry), so
// replies never depend on when a key is physically removed. Commands live in commands.hpp.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sim/core/fingerprint.hpp"
#include "sim/core/state_encoder.hpp"

namespace locksim::redis {

using Hash = std::map<std::string, std::string, std::less<>>;

struct Entry {
  std::variant<std::string, Hash> value;
  std::optional<int64_t> expire_at_ms;  // absolute unix ms; none = no TTL

  auto string() -> std::string* { return std::get_if<std::string>(&value); }
  auto hash() -> Hash* { return std::get_if<Hash>(&value); }
  auto operator==(const Entry&) const -> bool = default;
};

void encode_entry(StateEncoder& encoder, const Entry& entry);

class Keyspace {
 public:
  // The live entry for key, deleting it first if it has expired (as a master does on access);
  // `deleted_expired`, if given, says whether that happened.
  auto find(std::string_view key, int64_t now_ms, bool* deleted_expired = nullptr) -> Entry*;
  // The live entry for key, leaving an expired one in place (as a replica reads).
  auto visible(std::string_view key, int64_t now_ms) -> Entry*;
  // The live entry for key, without side effects (for observers and tests).
  auto peek(std::string_view key, int64_t now_ms) const -> const Entry*;
  // Stores an entry, replacing whatever the key held.
  void put(std::string_view key, Entry entry);
  auto erase(std::string_view key) -> bool;
  void clear() { entries_.clear(); }
  // What a master loads from this data at now_ms: every key but those already expired
  // (rdb.c: expiretime < now is skipped; a key expiring this very millisecond is kept).
  auto loaded_at(int64_t now_ms) const -> Keyspace;
  auto size() const -> size_t { return entries_.size(); }
  // Whether the key is stored at all, expired or not.
  auto contains(std::string_view key) const -> bool { return index_of(key) != kAbsent; }
  // Every stored key, in order.
  auto keys() const -> std::vector<std::string>;
  // The stored entry, expired or not (what a master sends its replicas).
  auto raw(std::string_view key) const -> const Entry*;
  // Keys whose expiry has passed at now_ms but that are still stored, in order.
  auto expired_keys(int64_t now_ms) const -> std::vector<std::string>;

  // Values through encoder.text (they may be tokens), expiries as wall-clock readings. With
  // `live_at_ms`, canonically, a key expired by then is written as absent: on a master without
  // replicas every command the lock algorithms send sees it so (find() deletes it first).
  void encode(StateEncoder& encoder, std::optional<int64_t> live_at_ms = std::nullopt) const;
  auto operator==(const Keyspace&) const -> bool = default;

 private:
  static constexpr size_t kAbsent = ~size_t{0};
  // Where key is in entries_, or kAbsent.
  auto index_of(std::string_view key) const -> size_t;

  // Sorted by key, one entry each. A flat vector, not a tree: a lock's keyspace holds a key or
  // two, looked up at every command and by every monitor, and copied with every world.
  std::vector<std::pair<std::string, Entry>> entries_;
};

}  // namespace locksim::redis
