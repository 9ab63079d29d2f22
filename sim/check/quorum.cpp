// The quorum monitor; see quorum.hpp.
#include "sim/check/quorum.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/check/lock_owner.hpp"
#include "sim/core/fingerprint.hpp"
#include "sim/world/step.hpp"

namespace locksim {
namespace {

auto quorum_of(const World& world) -> size_t {
  const auto masters = std::count_if(world.servers.begin(), world.servers.end(),
                                     [](const ServerState& s) { return !s.master; });
  return static_cast<size_t>(masters) / 2 + 1;
}

// Whether `server` is a master that is up and holds `key` = `token` live at `at`.
auto holds(const World& world, ServerId server, std::string_view key, std::string_view token,
           TrueTime at) -> bool {
  const ServerState& state = world.servers[server.index];
  if (state.master || !state.up) return false;
  return owned_by(state.redis.keyspace.peek(key, state.clock.wall(at).unix_ms()), token);
}

// Calls visit(server, entry) for every master that is up and holds `key` = `token` live at `at`.
template <class Visit>
void for_each_holder(const World& world, std::string_view key, std::string_view token, TrueTime at,
                     Visit visit) {
  for (const ServerState& server : world.servers) {
    if (server.master || !server.up) continue;
    const redis::Entry* entry = server.redis.keyspace.peek(key, server.clock.wall(at).unix_ms());
    if (owned_by(entry, token)) visit(server, *entry);
  }
}

auto holders(const World& world, std::string_view key, std::string_view token, TrueTime at)
    -> size_t {
  size_t count = 0;
  for_each_holder(world, key, token, at, [&](const ServerState&, const redis::Entry&) { ++count; });
  return count;
}

// When each master holding it will let `key` = `token` expire, by its own oscillator (none: no
// TTL).
auto promises(const World& world, std::string_view key, std::string_view token, TrueTime at)
    -> std::vector<std::optional<TrueTime>> {
  std::vector<std::optional<TrueTime>> ends;
  for_each_holder(world, key, token, at, [&](const ServerState& server, const redis::Entry& entry) {
    if (!entry.expire_at_ms) {
      ends.emplace_back(std::nullopt);
      return;
    }
    // The key is gone once the clock reads expire_at + 1 ms, to the microsecond.
    const Duration left =
        Duration::millis(*entry.expire_at_ms + 1) - Duration{server.clock.wall(at).us};
    ends.emplace_back(server.clock.when_monotonic_reaches(server.clock.monotonic(at) + left, at));
  });
  return ends;
}

using Expiries = std::vector<std::pair<uint32_t, std::optional<int64_t>>>;

// The expiry each master holding `key` = `token` has set for it, by server index.
auto expiries(const World& world, std::string_view key, std::string_view token, TrueTime at)
    -> Expiries {
  Expiries result;
  for_each_holder(world, key, token, at, [&](const ServerState& server, const redis::Entry& entry) {
    result.emplace_back(static_cast<uint32_t>(&server - world.servers.data()), entry.expire_at_ms);
  });
  return result;
}

// Whether `held`, the entry the command left on server number `server`, holds the token with an
// expiry it did not have when the promise was made (a master that lost the token changes
// nothing: losing it early is what the check is about).
auto expiry_changed(const redis::Entry* held, uint32_t server, std::string_view token,
                    const Expiries& promised) -> bool {
  if (!owned_by(held, token)) return false;
  const std::pair<uint32_t, std::optional<int64_t>> now_held{server, held->expire_at_ms};
  return std::find(promised.begin(), promised.end(), now_held) == promised.end();
}

// Until when a quorum keeps the token: the quorum-th latest promise (none: never ends).
auto quorum_end(std::vector<std::optional<TrueTime>> ends, size_t quorum)
    -> std::optional<TrueTime> {
  std::sort(ends.begin(), ends.end(), [](const auto& a, const auto& b) {
    if (!a || !b) return !a && b;  // "never" sorts first
    return *a > *b;
  });
  return ends[quorum - 1];
}

// Steps that can make a token live on a quorum of masters without a command, or change what a
// quorum is: a restarted master reloads its keys, a replica becomes a master.
auto adds_masters_or_keys(EventKind kind) -> bool {
  return kind == EventKind::server_restart || kind == EventKind::promote ||
         kind == EventKind::failover;
}

}  // namespace

auto QuorumMonitor::note_keys(const World& world, const Event& event) -> bool {
  held_.resize(world.clients.size(), 0);
  const std::optional<ClientId> actor = acting_client(world, event);
  if (!actor) return false;
  const Belief& belief = world.clients[actor->index].belief;
  const bool added = belief.holding && !held_[actor->index] &&
                     std::find(keys_.begin(), keys_.end(), belief.key) == keys_.end();
  if (added) {
    keys_.push_back(belief.key);
  }
  held_[actor->index] = belief.holding;
  return added;
}

void QuorumMonitor::before_step(const World& world, const Event& next) {
  // Only a command can remove a token on purpose, and only from the server it reaches: other
  // steps and other servers need no snapshot.
  if (grants_.empty() || !runs_command(next.kind)) return;
  const TrueTime at = next.at;
  const ServerId server = world.server_of(next.subject);
  for (Grant& grant : grants_)
    grant.held_by_touched = holds(world, server, keys_[grant.key], grant.token, at);
}

namespace {

// A token's hash for SeenTokens, never kNone.
auto token_hash(std::string_view token) -> uint64_t {
  const uint64_t hash = XXH3_64bits(token.data(), token.size());
  return hash == 0 ? 1 : hash;
}

}  // namespace

void QuorumMonitor::SeenTokens::see(uint32_t server, std::optional<std::string_view> token) {
  if (on_server.size() <= server) on_server.resize(server + 1, kNone);
  const uint64_t hash = token ? token_hash(*token) : kNone;
  uint64_t& seen = on_server[server];
  if (seen == hash) return;
  const auto entry_of = [&](uint64_t h) {
    return std::find_if(servers_per_token.begin(), servers_per_token.end(),
                        [&](const auto& e) { return e.first == h; });
  };
  if (seen != kNone) {
    const auto entry = entry_of(seen);
    if (--entry->second == 0) servers_per_token.erase(entry);
  }
  seen = hash;
  if (hash == kNone) return;
  const auto entry = entry_of(hash);
  if (entry == servers_per_token.end()) {
    servers_per_token.emplace_back(hash, 1);
  } else {
    ++entry->second;
  }
}

auto QuorumMonitor::SeenTokens::servers(std::string_view token) const -> uint32_t {
  const uint64_t hash = token_hash(token);
  const auto entry = std::find_if(servers_per_token.begin(), servers_per_token.end(),
                                  [&](const auto& e) { return e.first == hash; });
  return entry == servers_per_token.end() ? 0 : entry->second;
}

auto QuorumMonitor::seen_tokens(const World& world, size_t k) -> SeenTokens* {
  if (world.servers.size() <= kCountEveryMasterUpTo) return nullptr;
  if (seen_.size() <= k) seen_.resize(k + 1);
  return &seen_[k];
}

// live_ := every token of keys_[k] and the number of masters it is live on.
void QuorumMonitor::count_live_tokens(const World& world, size_t k) {
  const std::string_view key = keys_[k];
  live_.buffer.clear();
  SeenTokens* seen = seen_tokens(world, k);
  for (uint32_t s = 0; s < world.servers.size(); ++s) {
    const ServerState& server = world.servers[s];
    if (server.master || !server.up) {
      if (seen) seen->see(s, std::nullopt);
      continue;
    }
    const std::optional<std::string_view> owner =
        lock_owner(server.redis.keyspace.peek(key, server.clock.wall(world.now).unix_ms()));
    if (seen) seen->see(s, owner);
    if (!owner) continue;
    const auto known =
        std::find_if(live_.buffer.begin(), live_.buffer.end(),
                     [&](const auto& entry) { return same_bytes(entry.first, *owner); });
    if (known == live_.buffer.end()) {
      live_.buffer.emplace_back(*owner, 1);
    } else {
      ++known->second;
    }
  }
}

// live_ := the token of keys_[k] on `server`, the server the command reached, with its count, if
// that master holds one that has no grant yet (a granted token needs no count) and that was seen
// on a quorum of servers (below one, the exact count cannot reach a quorum either).
void QuorumMonitor::count_live_token_of(const World& world, ServerId server, size_t k,
                                        size_t quorum) {
  live_.buffer.clear();
  if (!touched_counts_) return;
  const std::optional<std::string_view> owner = lock_owner(touched_.buffer[k]);
  SeenTokens* seen = seen_tokens(world, k);
  if (seen) seen->see(server.index, owner);
  if (!owner || granted(k, *owner)) return;
  if (seen && seen->servers(*owner) < quorum) return;
  live_.buffer.emplace_back(*owner, holders(world, keys_[k], *owner, world.now));
}

auto QuorumMonitor::granted(size_t key, std::string_view token) const -> bool {
  return std::any_of(grants_.begin(), grants_.end(),
                     [&](const Grant& g) { return g.key == key && same_bytes(g.token, token); });
}

void QuorumMonitor::look_up_touched(const World& world, ServerId server) {
  const ServerState& state = world.servers[server.index];
  touched_counts_ = !state.master && state.up;
  const int64_t now_ms = state.clock.wall(world.now).unix_ms();
  touched_.buffer.clear();
  for (const std::string& key : keys_) {
    touched_.buffer.push_back(touched_counts_ ? state.redis.keyspace.peek(key, now_ms) : nullptr);
  }
}

void QuorumMonitor::after_step(const World& world, const Event& event, uint64_t step) {
  // A key first seen now may already be live on a quorum (the first holder's own round).
  const bool new_key = note_keys(world, event);
  const size_t quorum = quorum_of(world);
  const bool command = runs_command(event.kind);
  const ServerId touched = command ? world.server_of(event.subject) : ServerId{};
  if (command) look_up_touched(world, touched);
  const auto still_held_there = [&](const Grant& grant) {
    return owned_by(touched_.buffer[grant.key], grant.token);
  };
  // A promise ends when its time is up, or when a command removed the token from a master.
  const size_t grants_before = grants_.size();
  std::erase_if(grants_, [&](const Grant& grant) {
    if (grant.promised_end && *grant.promised_end <= world.now) return true;
    return command && grant.held_by_touched && !still_held_there(grant);
  });
  // A token whose promise ended may still be live on a quorum (a clock stepped back; a release
  // that has reached one master of five): the next scan must count every token again, as must
  // one after a master came back or was added.
  if (grants_.size() != grants_before || adds_masters_or_keys(event.kind)) rescan_all_ = true;
  // A command may also change the promise of a token it left in place: an EXPIRE that gives a
  // TTL-less key its TTL (setnx-expire), a renewal that extends it. Only a changed expiry renews
  // the promise; a clock that jumped changes nothing that was promised.
  // Only the server the command reached can have changed.
  if (command) {
    for (Grant& grant : grants_) {
      if (!expiry_changed(touched_.buffer[grant.key], touched.index, grant.token, grant.expiries)) {
        continue;
      }
      const std::string_view key = keys_[grant.key];
      const std::vector<std::optional<TrueTime>> ends =
          promises(world, key, grant.token, world.now);
      if (ends.size() >= quorum) grant.promised_end = quorum_end(ends, quorum);
      grant.expiries = expiries(world, key, grant.token, world.now);
    }
  }
  // Otherwise a token reaches a quorum only where a command or a replicated write put it, and a
  // clock step can bring back a token a server had let expire.
  const bool scan_all = new_key || event.kind == EventKind::deliver_replication ||
                        event.kind == EventKind::clock_step ||
                        event.kind == EventKind::clock_jump || (command && rescan_all_);
  if (!scan_all && !command) return;
  if (scan_all) rescan_all_ = false;
  for (size_t k = 0; k < keys_.size(); ++k) {
    const std::string& key = keys_[k];
    if (scan_all) {
      count_live_tokens(world, k);
    } else {
      count_live_token_of(world, touched, k, quorum);
    }
    for (const auto& live : live_.buffer) {
      // Named copies: lambdas below may not capture structured bindings (clang 14).
      const std::string_view token = live.first;
      if (live.second < quorum) continue;
      if (granted(k, token)) continue;
      for (const Grant& other : grants_) {
        if (other.key != k) continue;
        report([&] {
          return Finding{
              name(),
              world.now,
              step,
              {},
              fmt::format("token {} of key '{}' reached a quorum ({} masters) while token {} "
                          "still had one's promise (live on a quorum since {}, until {})",
                          token, key, quorum, other.token, other.begin,
                          other.promised_end ? fmt::format("{}", *other.promised_end)
                                             : std::string("it is removed"))};
        });
      }
      const std::vector<std::optional<TrueTime>> ends = promises(world, key, token, world.now);
      grants_.push_back({static_cast<uint32_t>(k), std::string(token), world.now,
                         quorum_end(ends, quorum), false, expiries(world, key, token, world.now)});
    }
  }
}

void QuorumMonitor::encode_history(StateEncoder& encoder, const World& world) const {
  encoder.add(static_cast<uint64_t>(keys_.size()));
  for (const std::string& key : keys_) encoder.add(std::string_view(key));
  encoder.add(static_cast<uint64_t>(held_.size()));
  for (uint32_t p = 0; p < held_.size(); ++p) encoder.add(held_[encoder.client_at(p)] != 0);
  encoder.add(static_cast<uint64_t>(grants_.size()));
  for (const Grant& grant : grants_) {
    encoder.add(std::string_view(keys_[grant.key]));
    encoder.text(grant.token);
    if (encoder.wants(false)) encoder.time(grant.begin);  // only a finding's text reads it
    encoder.add(grant.promised_end.has_value());
    if (grant.promised_end) encoder.time(*grant.promised_end);
    encoder.add(grant.held_by_touched);
    encoder.add(static_cast<uint64_t>(grant.expiries.size()));
    for (const auto& [server, expiry] : grant.expiries) {
      encoder.add(server);
      encoder.add(expiry.has_value());
      if (!expiry) continue;
      const NodeClock& clock = world.servers[server].clock;
      encoder.set_node_clocks(clock.monotonic(world.now), clock.wall(world.now));
      encoder.wall_ms(*expiry);
    }
  }
  encoder.add(rescan_all_);
}

}  // namespace locksim
