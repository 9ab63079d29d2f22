// One Redis database: keys, values and absolute expiry times, and the commands that act on it.
// Expiry follows Redis 7.0 exactly: a key with expiry `when` (unix ms on the server's wall clock)
// is visible while now <= when and gone once now > when; every access applies that rule (lazy
// expiry), so replies never depend on when a key is physically removed.
// The skeleton implements SET (all options), GET, DEL and EVAL of the compare-and-delete script.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "sim/core/fingerprint.hpp"
#include "sim/redis/command.hpp"
#include "sim/redis/reply.hpp"

namespace locksim::redis {

struct Entry {
  std::string value;
  std::optional<int64_t> expire_at_ms;  // absolute unix ms; none = no TTL
  auto operator==(const Entry&) const -> bool = default;
};

class Keyspace {
 public:
  // Runs one command with the server's wall clock frozen at now_ms for its whole duration.
  auto execute(const Command& command, int64_t now_ms) -> Reply;

  // The live entry for key at now_ms, without side effects (for observers and tests).
  auto peek(std::string_view key, int64_t now_ms) const -> const Entry*;
  auto size() const -> size_t { return entries_.size(); }
  void clear() { entries_.clear(); }

  void fingerprint(Fingerprinter& fingerprinter) const;
  auto operator==(const Keyspace&) const -> bool = default;

  // Handlers are members so the command table can reach the entries; they assume arity checked.
  auto set(const Command& command, int64_t now_ms) -> Reply;
  auto get(const Command& command, int64_t now_ms) -> Reply;
  auto del(const Command& command, int64_t now_ms) -> Reply;
  auto eval(const Command& command, int64_t now_ms) -> Reply;

 private:
  // Finds key, deleting it first if it has expired (lazy expiry, as on a master).
  auto lookup(const std::string& key, int64_t now_ms) -> Entry*;

  std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace locksim::redis
