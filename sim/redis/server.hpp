// The data of one Redis server as a value: its keyspace, its script cache (SHA-1 of a body to
// the body) and its clients' transactions and watches. All are what a crash without persistence
// loses; the Lua interpreter that runs cached scripts is an engine outside the world
// (lua_engine.hpp).
#pragma once

#include <algorithm>
#include <optional>
#include <string>

#include "sim/redis/keyspace.hpp"
#include "sim/redis/script_cache.hpp"
#include "sim/redis/transaction.hpp"

namespace locksim::redis {

// rand48's state at process start (redis rand.c X2:X1:X0): what math.random continues from.
inline constexpr uint64_t kScriptRandomStart = 0x1234'ABCD'330EULL;

// Marks the sessions in a server's encoding ("sessions" in ASCII).
inline constexpr uint64_t kSessionsTag = 0x7365'7373'696f'6e73ULL;

struct Server {
  Keyspace keyspace;
  ScriptCache scripts;
  // math.random in scripts is one rand48 stream per server process, never reseeded per script.
  uint64_t script_random = kScriptRandomStart;
  // Modifications since the last RDB save (server.dirty): what save points count.
  uint64_t dirty = 0;
  // Transactions and watches, by client (transaction.hpp).
  Sessions sessions;

  // What a crash without persistence leaves: nothing.
  void clear() { *this = Server{}; }
  // `dirty_cap`: the most changes a save point counts (none: dirty is exact), above which the
  // count cannot change what happens.
  // `live_at_ms`: see Keyspace::encode.
  void encode(StateEncoder& encoder, std::optional<uint64_t> dirty_cap,
              std::optional<int64_t> live_at_ms) const {
    keyspace.encode(encoder, live_at_ms);
    encoder.add(static_cast<uint64_t>(scripts.size()));
    encoder.add(scripts.digest());
    encoder.add(script_random);
    encoder.add(dirty_cap ? std::min(dirty, *dirty_cap) : dirty);
    // Nothing while no client has a session, so that such a server encodes as it always did;
    // else a tag no count above can be confused with.
    if (sessions.empty()) return;
    encoder.add(kSessionsTag);
    sessions.encode(encoder);
  }
  auto operator==(const Server&) const -> bool = default;
};

}  // namespace locksim::redis
