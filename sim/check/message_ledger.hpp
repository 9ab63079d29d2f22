// Per-message bookkeeping of a tracer that follows messages through a run: a command's vector
// clock from its send to its apply, the apply's until the reply arrives, a diagram's arrow until
// its receiver has it. An entry is taken when the trace says the message arrived. A message can
// also vanish without an entry saying so — a connection reset by a partition or a server crash,
// a reply to a client that crashed — and forget_lost drops those by asking the world which
// messages it still holds. So a ledger holds about what is in flight, not what the run sent.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "sim/core/ids.hpp"

namespace locksim {

struct World;

// (client index, request id): a message's name, unique in a run (request ids are never reused,
// not even by a restarted client).
using MessageKey = std::pair<uint32_t, uint32_t>;

// The messages a world holds between steps, sorted: requests and replies on the connections, and
// WAITs blocked on their server (whose replies have not been sent yet).
auto messages_held(const World& world) -> std::vector<MessageKey>;

template <class Value>
class MessageLedger {
 public:
  void put(ClientId client, uint32_t request, Value value) {
    entries_.insert_or_assign(MessageKey{client.index, request}, std::move(value));
  }
  auto find(ClientId client, uint32_t request) -> Value* {
    const auto found = entries_.find({client.index, request});
    return found == entries_.end() ? nullptr : &found->second;
  }
  auto take(ClientId client, uint32_t request) -> std::optional<Value> {
    const auto found = entries_.find({client.index, request});
    if (found == entries_.end()) return std::nullopt;
    std::optional<Value> value = std::move(found->second);
    entries_.erase(found);
    return value;
  }
  auto size() const -> size_t { return entries_.size(); }

  // Between steps, when every message is in the world: drops the entries of the messages it no
  // longer holds, calling `lost(key, value)` on each. The world is only read once the ledger
  // has doubled since the last time, so that the scans cost in proportion to what was put.
  template <class Lost>
  void forget_lost(const World& world, Lost lost) {
    if (entries_.size() < 2 * kept_ + kSlack) return;
    const std::vector<MessageKey> held = messages_held(world);
    for (auto entry = entries_.begin(); entry != entries_.end();) {
      if (std::binary_search(held.begin(), held.end(), entry->first)) {
        ++entry;
        continue;
      }
      lost(entry->first, entry->second);
      entry = entries_.erase(entry);
    }
    kept_ = entries_.size();
  }
  void forget_lost(const World& world) {
    forget_lost(world, [](const MessageKey& /*key*/, const Value& /*value*/) {});
  }

 private:
  static constexpr size_t kSlack = 64;  // entries put before the world is first read
  std::map<MessageKey, Value> entries_;
  size_t kept_ = 0;  // entries left by the last scan
};

}  // namespace locksim
