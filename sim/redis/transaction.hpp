// What Redis 7.0 keeps for one client connection between its commands: the transaction it is
// queuing (MULTI ... EXEC) and the keys it WATCHes, and how other commands' writes touch those
// watches. Follows redis 7.0.15 src/multi.c (queueMultiCommand, discardTransaction,
// flagTransaction, watchForKey, isWatchedKeyExpired, touchWatchedKey, touchAllWatchedKeysInDb).
//
// Sessions belong to the server (a crash loses them with its memory, and a lost connection
// frees its client, as freeClient does) and are kept per client index: a connection is one
// client and one server. Only sessions that hold something are stored, so a server nobody runs
// a transaction on compares and encodes exactly as it did before transactions existed.
//
// One difference from Redis: touchWatchedKey walks the clients watching a key in the order they
// called WATCH and, at a client that watched the key while it was already expired and finds it
// stored again, stops (`break`) without flagging it or any client after it. The model visits
// sessions by client index and skips only that one. A key that is stored again after expiring
// has always been deleted first (which clears the flag) except on a replica, where only the
// master's writes change keys; no algorithm watches keys on a replica.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/state_encoder.hpp"
#include "sim/redis/command.hpp"
#include "sim/redis/keyspace.hpp"

namespace locksim::redis {

struct WatchedKey {
  std::string key;
  // The key was stored but logically expired when WATCH was called: its deletion is then no
  // change, and its expiry no reason to abort (watchedKey.expired).
  bool expired = false;
  auto operator==(const WatchedKey&) const -> bool = default;
};

struct Session {
  bool multi = false;       // CLIENT_MULTI: commands are queued until EXEC or DISCARD
  bool dirty_exec = false;  // CLIENT_DIRTY_EXEC: a command was refused while queuing
  bool dirty_cas = false;   // CLIENT_DIRTY_CAS: a watched key was touched
  std::vector<Command> queued;
  std::vector<WatchedKey> watched;  // in WATCH order, each key once

  auto idle() const -> bool { return *this == Session{}; }
  // discardTransaction: out of MULTI, flags cleared, every key unwatched.
  void discard() { *this = Session{}; }
  // watchForKey.
  void watch(std::string_view key, const Keyspace& keyspace, int64_t now_ms);
  // isWatchedKeyExpired: a key watched while live has expired since.
  auto watched_key_expired(const Keyspace& keyspace, int64_t now_ms) const -> bool;
  auto operator==(const Session&) const -> bool = default;
};

class Sessions {
 public:
  // The client's session, made idle if it had none.
  auto of(uint32_t client) -> Session& { return by_client_[client]; }
  // The client's session, or null when it is idle.
  auto find(uint32_t client) -> Session*;
  // Forgets the session again if it went back to idle.
  void settle(uint32_t client);
  // The connection is gone: Redis frees the client with its transaction and watches.
  void drop(uint32_t client) { by_client_.erase(client); }
  // touchWatchedKey, after `key` was changed in `keyspace` (signalModifiedKey).
  void touch(std::string_view key, const Keyspace& keyspace);
  // touchAllWatchedKeysInDb(emptied, NULL), before a FLUSHALL or full resynchronisation
  // empties `keyspace`.
  void touch_all(const Keyspace& keyspace);
  auto empty() const -> bool { return by_client_.empty(); }

  void encode(StateEncoder& encoder) const;
  auto operator==(const Sessions&) const -> bool = default;

 private:
  std::map<uint32_t, Session> by_client_;
};

}  // namespace locksim::redis
