// The foreign-release monitor; see foreign_release.hpp.
#include "sim/check/foreign_release.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/check/lock_owner.hpp"
#include "sim/world/step.hpp"

namespace locksim {
namespace {

auto holds_token(const World& world, ClientId client, ServerId server, TrueTime at) -> bool {
  const Belief& belief = world.clients[client.index].belief;
  const ServerState& state = world.servers[server.index];
  const redis::Entry* entry = state.redis.keyspace.peek(belief.key, state.clock.wall(at).unix_ms());
  if (belief.token.empty()) return entry != nullptr;
  return owned_by(entry, belief.token);
}

}  // namespace

void ForeignReleaseMonitor::before_step(const World& world, const Event& next) {
  held_.buffer.clear();
  // Only a command can release a lock, and only on the server it reaches: other steps and
  // other servers need no snapshot.
  if (!runs_command(next.kind)) return;
  const TrueTime at = next.at;
  const ServerId server = world.server_of(next.subject);
  if (!world.servers[server.index].up) return;
  if (!believers_known_) note_believers(world, next);
  for (const ClientId c : believers_) {
    if (world.clients[c.index].belief.key.empty()) continue;
    if (holds_token(world, c, server, at)) held_.buffer.push_back(c);
  }
}

void ForeignReleaseMonitor::note_believers(const World& world, const Event& event) {
  const bool first = !believers_known_;
  believers_known_ = true;
  for_each_changed_client(world, event, first, [&](uint32_t c) {
    const bool holds = world.clients[c].belief.holding;
    const auto place = std::lower_bound(believers_.begin(), believers_.end(), ClientId{c});
    const bool listed = place != believers_.end() && *place == ClientId{c};
    if (holds && !listed) believers_.insert(place, ClientId{c});
    if (!holds && listed) believers_.erase(place);
  });
}

void ForeignReleaseMonitor::after_step(const World& world, const Event& event, uint64_t step) {
  note_believers(world, event);
  if (!runs_command(event.kind)) return;
  const ClientId culprit = world.client_of(event.subject);
  const ServerId server = world.server_of(event.subject);
  for (const ClientId victim : held_.buffer) {
    if (victim == culprit || holds_token(world, victim, server, world.now)) continue;
    report([&] {
      first_ = ForeignRelease{victim, culprit, server, world.now, step};
      return Finding{
          name(),
          world.now,
          step,
          {culprit, victim},
          fmt::format("a command from {} removed the lock {} held on {}", culprit, victim, server)};
    });
  }
}

void ForeignReleaseMonitor::encode_history(StateEncoder& /*encoder*/,
                                           const World& /*world*/) const {
  // held_ is refilled before every step from the world: no history.
}

}  // namespace locksim
