// Mutual exclusion in the keyspace (Redlock's MUTEX-KEYSPACE): once a token is live on a quorum
// of masters, those masters have promised to keep it until its TTL runs out, measured on their
// own oscillators; no other token of that key may reach a quorum before the promise ends —
// unless a command removed the token from one of them first (a release, which clients send to
// every master). A promise breaks when keys are lost
// early: a wall-clock jump, a restart that forgets, a failover to a replica that never got the
// write. Drift alone does not break it (the TTL is measured on the server's own clock). With one
// master the quorum is that master, so single-server locks are checked the same way.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/check/invariant.hpp"
#include "sim/core/scratch.hpp"

namespace locksim {

class QuorumMonitor final : public MonitorBase<QuorumMonitor> {
 public:
  auto name() const -> std::string_view override { return "quorum"; }
  void before_step(const World& world, const Event& next) override;
  void after_step(const World& world, const Event& event, uint64_t step) override;
  void encode_history(StateEncoder& encoder, const World& world) const override;

 private:
  struct Grant {
    uint32_t key = 0;  // into keys_
    std::string token;
    TrueTime begin;
    std::optional<TrueTime> promised_end;  // none: no TTL, kept until removed
    bool held_by_touched = false;          // the master the next command reaches holds it
    // Per holder (server index), the expiry (wall-clock ms) the promise was computed from.
    std::vector<std::pair<uint32_t, std::optional<int64_t>>> expiries;
  };

  // Learns the lock keys from beliefs; true when it learnt a new one.
  auto note_keys(const World& world, const Event& event) -> bool;
  void count_live_tokens(const World& world, size_t key);
  void count_live_token_of(const World& world, ServerId server, size_t key, size_t quorum);
  auto granted(size_t key, std::string_view token) const -> bool;
  // Reads what a command left on the server it reached, once for every check that needs it.
  void look_up_touched(const World& world, ServerId server);

  // For one key, the token each server was last seen holding live as a master, and on how many
  // servers each token was so seen: at a command there (the only step that writes a token
  // without a full count following) or at a full count. A token that expired or whose master
  // went down since is still counted, so a count is never below the masters that hold the
  // token live, and a token seen on fewer than a quorum needs no scan of every master. Tokens
  // are kept as 64-bit hashes (two tokens that collide only count together: still a bound).
  // A cache: no result depends on it, so it is not history.
  struct SeenTokens {
    static constexpr uint64_t kNone = 0;
    std::vector<uint64_t> on_server;  // a token's hash, or kNone
    std::vector<std::pair<uint64_t, uint32_t>> servers_per_token;
    void see(uint32_t server, std::optional<std::string_view> token);
    auto servers(std::string_view token) const -> uint32_t;
  };

  std::vector<std::string> keys_;  // every key a client has believed it held
  // Up to this many servers a command's count visits every master: cheaper than keeping (and,
  // in the model checker, copying) SeenTokens.
  static constexpr size_t kCountEveryMasterUpTo = 8;
  // The key's SeenTokens, or none when the count visits every master.
  auto seen_tokens(const World& world, size_t key) -> SeenTokens*;
  std::vector<SeenTokens> seen_;  // per key, as keys_, beyond kCountEveryMasterUpTo servers
  std::vector<char> held_;        // per client, as of the previous step
  Scratch<std::vector<std::pair<std::string_view, size_t>>> live_;  // kept for its capacity
  // After a command, of the server it reached: whether it is a master that is up, and the live
  // entry of each of keys_ there (null: absent, expired, or not an up master). Refilled at every
  // command.
  bool touched_counts_ = false;
  Scratch<std::vector<const redis::Entry*>> touched_;
  std::vector<Grant> grants_;  // tokens on a quorum whose promise has not ended
  bool rescan_all_ = false;    // a token may be live on a quorum without a grant
};

}  // namespace locksim
