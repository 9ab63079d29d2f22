// Client sessions and watches; see transaction.hpp.
#include "sim/redis/transaction.hpp"

#include <algorithm>

namespace locksim::redis {
namespace {

// db.c keyIsExpired: stored, with an expiry that has passed (a missing key is not expired).
auto key_is_expired(const Keyspace& keyspace, std::string_view key, int64_t now_ms) -> bool {
  const Entry* entry = keyspace.raw(key);
  return entry && entry->expire_at_ms && now_ms > *entry->expire_at_ms;
}

}  // namespace

void Session::watch(std::string_view key, const Keyspace& keyspace, int64_t now_ms) {
  const bool watching = std::any_of(watched.begin(), watched.end(),
                                    [&](const WatchedKey& w) { return w.key == key; });
  if (!watching) watched.push_back({std::string(key), key_is_expired(keyspace, key, now_ms)});
}

auto Session::watched_key_expired(const Keyspace& keyspace, int64_t now_ms) const -> bool {
  return std::any_of(watched.begin(), watched.end(), [&](const WatchedKey& w) {
    return !w.expired && key_is_expired(keyspace, w.key, now_ms);
  });
}

auto Sessions::find(uint32_t client) -> Session* {
  const auto found = by_client_.find(client);
  return found == by_client_.end() ? nullptr : &found->second;
}

void Sessions::settle(uint32_t client) {
  const auto found = by_client_.find(client);
  if (found != by_client_.end() && found->second.idle()) by_client_.erase(found);
}

void Sessions::touch(std::string_view key, const Keyspace& keyspace) {
  for (auto& [client, session] : by_client_) {
    const auto watched = std::find_if(session.watched.begin(), session.watched.end(),
                                      [&](const WatchedKey& w) { return w.key == key; });
    if (watched == session.watched.end()) continue;
    if (watched->expired) {
      // Deleting a key that had already expired changes nothing logically.
      if (!keyspace.contains(key)) watched->expired = false;
      continue;
    }
    session.dirty_cas = true;
    session.watched.clear();  // nothing can make it cleaner again before EXEC
  }
}

void Sessions::touch_all(const Keyspace& keyspace) {
  for (auto& [client, session] : by_client_) {
    for (WatchedKey& watched : session.watched) {
      if (!keyspace.contains(watched.key)) continue;
      if (watched.expired) {
        watched.expired = false;
      } else {
        session.dirty_cas = true;  // still watching: Redis does not unwatch here
      }
    }
  }
}

void Sessions::encode(StateEncoder& encoder) const {
  encoder.add(static_cast<uint64_t>(by_client_.size()));
  // In the order the encoder writes clients (by index unless it renumbers them).
  std::vector<std::pair<uint32_t, const Session*>> written;
  written.reserve(by_client_.size());
  for (const auto& [client, session] : by_client_) {
    written.emplace_back(encoder.client_position(client), &session);
  }
  std::sort(written.begin(), written.end());
  for (const auto& [client, session_pointer] : written) {
    const Session& session = *session_pointer;
    encoder.add(client);
    encoder.add(session.multi);
    encoder.add(session.dirty_exec);
    encoder.add(session.dirty_cas);
    encoder.add(static_cast<uint64_t>(session.queued.size()));
    for (const Command& command : session.queued) encode_command(encoder, command);
    encoder.add(static_cast<uint64_t>(session.watched.size()));
    for (const WatchedKey& watched : session.watched) {
      encoder.text(watched.key);
      encoder.add(watched.expired);
    }
  }
}

}  // namespace locksim::redis
