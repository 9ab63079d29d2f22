// Fencing tokens handed out again; see token_reuse.hpp.
#include "sim/explore/token_reuse.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <vector>

#include "sim/redis/integer.hpp"

namespace locksim {
namespace {

// The fencing counters every client's algorithm declares, each once.
auto fencing_counters(const WorldConfig& config) -> std::vector<std::string> {
  std::vector<std::string> keys;
  for (const ClientSettings& client : config.clients) {
    for (const KeyUse& use : client.program->keys()) {
      const bool known = std::find(keys.begin(), keys.end(), use.key) != keys.end();
      if (use.role == KeyUse::Role::fencing_counter && !known) keys.push_back(use.key);
    }
  }
  return keys;
}

// The counter's value on a server; an absent key counts as 0, as INCR counts it.
auto counter_value(const ServerState& server, const std::string& key, TrueTime now) -> int64_t {
  const redis::Entry* entry = server.redis.keyspace.peek(key, server.clock.wall(now).unix_ms());
  const auto* text = entry ? std::get_if<std::string>(&entry->value) : nullptr;
  return text ? redis::parse_redis_integer(*text).value_or(0) : 0;
}

// Looks at every server between steps: which ones crashed, came back or were promoted, and what
// the counters read on the masters. Of the losses it sees it keeps the latest that can explain
// `write`: one before the later section began that took the counter from at least the first
// section's token to below the later one's (the later token was drawn again after it).
class CounterWatch final : public RunObserver {
 public:
  CounterWatch(std::vector<std::string> keys, const StaleWrite& write)
      : keys_(std::move(keys)),
        first_token_(static_cast<int64_t>(*write.began_first().token)),
        later_token_(static_cast<int64_t>(*write.began_later().token)),
        later_begin_(write.began_later().begin) {}
  void before_step(const World& world) override { look(world); }
  void finish(const World& world, TrueTime /*end*/) override { look(world); }
  auto reuse() const -> const std::optional<CounterLoss>& { return reuse_; }

 private:
  struct Seen {
    bool up = true;
    std::optional<ServerId> master;  // set while a replica
    std::optional<TrueTime> crashed_at;
  };
  void look(const World& world);
  void read_counters(const World& world, ServerId server, const Seen& before);
  auto explains(const CounterLoss& loss) const -> bool {
    return loss.at <= later_begin_ && loss.reached >= first_token_ && loss.left < later_token_;
  }

  std::vector<std::string> keys_;
  int64_t first_token_;
  int64_t later_token_;
  TrueTime later_begin_;
  std::vector<Seen> seen_;                  // per server, as of the previous look
  std::map<std::string, int64_t> reached_;  // per counter: its highest since its last loss
  std::optional<CounterLoss> reuse_;
};

void CounterWatch::look(const World& world) {
  if (seen_.empty()) {
    for (const ServerState& server : world.servers) seen_.push_back({server.up, server.master, {}});
  }
  for (uint32_t s = 0; s < world.servers.size(); ++s) {
    const ServerState& server = world.servers[s];
    const Seen before = seen_[s];
    Seen& seen = seen_[s];
    if (before.up && !server.up) seen.crashed_at = world.now;
    seen.up = server.up;
    seen.master = server.master;
    if (server.up && !server.master) read_counters(world, ServerId{s}, before);
  }
}

void CounterWatch::read_counters(const World& world, ServerId server, const Seen& before) {
  const bool restarted = !before.up;
  const bool promoted = before.master.has_value();
  const ServerId crashed = promoted ? *before.master : server;
  for (const std::string& key : keys_) {
    const int64_t value = counter_value(world.servers[server.index], key, world.now);
    int64_t& reached = reached_[key];
    if ((restarted || promoted) && value < reached) {
      const auto cause = promoted ? CounterLoss::Cause::promotion : CounterLoss::Cause::restart;
      const CounterLoss loss{
          key, server, cause, world.now, crashed, seen_[crashed.index].crashed_at, reached, value};
      if (explains(loss)) reuse_ = loss;
    }
    reached = restarted || promoted ? value : std::max(reached, value);
  }
}

}  // namespace

auto token_reuse(std::shared_ptr<const WorldConfig> config, SimulationOptions options,
                 const StaleWrite& write, Chooser* chooser) -> std::optional<CounterLoss> {
  if (!write.tokens_out_of_order()) return std::nullopt;
  CounterWatch watch(fencing_counters(*config), write);
  simulate(std::move(config), replay_until(options, write.step),
           {.chooser = chooser, .observer = &watch});
  return watch.reuse();
}

auto describe(const CounterLoss& loss, const StaleWrite& write, const WorldConfig& config)
    -> std::string {
  const WriteSection& first = write.began_first();
  const WriteSection& later = write.began_later();
  const std::string crashed = loss.crashed_at
                                  ? fmt::format("{} crashed at {}", loss.crashed, *loss.crashed_at)
                                  : fmt::format("{} crashed", loss.crashed);
  const std::string came_back =
      loss.cause == CounterLoss::Cause::restart
          ? fmt::format("restarted at {} with what its persistence ({}) had kept", loss.at,
                        to_string(config.servers[loss.server.index].persistence.mode))
          : fmt::format("{} was promoted at {} with what replication had brought it", loss.server,
                        loss.at);
  return fmt::format(
      "{}'s section (begun {}) drew token {}, which {}'s (begun {}) already had: {} and {}, and "
      "the fencing counter '{}' read {} there after reaching {} — the increments in between were "
      "handed out as tokens again. The counter lives on the lock's own Redis and loses what the "
      "lock loses: fencing needs a token source that survives what the lock server does not.",
      later.client, later.begin, *later.token, first.client, first.begin, crashed, came_back,
      loss.key, loss.left, loss.reached);
}

}  // namespace locksim
