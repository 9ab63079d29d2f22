// The resource-safety monitor; see resource_safety.hpp.
#include "sim/check/resource_safety.hpp"

#include <fmt/format.h>

#include <tuple>

#include "sim/world/step.hpp"

namespace locksim {
namespace {

auto older(const WriteSection& a, const WriteSection& b) -> bool {
  if (a.token && b.token) return std::tie(*a.token, a.begin) < std::tie(*b.token, b.begin);
  return a.begin < b.begin;
}

auto describe(const WriteSection& section) -> std::string {
  return fmt::format("{} (section begun {}{})", section.client, section.begin,
                     section.token ? fmt::format(", token {}", *section.token) : "");
}

}  // namespace

auto StaleWrite::tokens_out_of_order() const -> bool {
  return stale.token && newer.token && *began_later().token <= *began_first().token;
}

void ResourceSafetyMonitor::after_step(const World& world, const Event& event, uint64_t step) {
  held_.resize(world.clients.size(), 0);
  section_begin_.resize(world.clients.size());
  const std::optional<ClientId> actor = acting_client(world, event);
  if (!actor) return;  // only a client writes
  const uint32_t c = actor->index;
  const bool holds = world.clients[c].belief.holding;
  if (holds && !held_[c]) section_begin_[c] = world.clients[c].belief.since;
  held_[c] = holds;
  const ProtectedResource& resource = world.resource;
  const uint64_t writes = resource.writes + resource.rejected;
  if (writes == writes_seen_) return;
  writes_seen_ = writes;  // a step runs one client handler, which writes at most once
  const ResourceWrite& write = *resource.last_write;
  if (!write.accepted) return;
  const WriteSection section{write.client, section_begin_[write.client.index], write.token};
  if (newest_ && older(section, *newest_)) {
    report([&] {
      first_ = StaleWrite{section, *newest_, world.now, step};
      return Finding{name(),
                     world.now,
                     step,
                     {section.client, newest_->client},
                     fmt::format("the resource accepted a write from {} after one from {}",
                                 describe(section), describe(*newest_))};
    });
    return;
  }
  newest_ = section;
}

void ResourceSafetyMonitor::encode_history(StateEncoder& encoder, const World& world) const {
  // writes_seen_ always equals the world's count after a step, so the world already holds it.
  // A client writes only while it holds or its lease has lapsed, so its section's start matters
  // only then; a section that began before any that can still write is only "older".
  const TrueTime earliest = earliest_claimable(world);
  encoder.add(static_cast<uint64_t>(held_.size()));
  for (uint32_t p = 0; p < held_.size(); ++p) encoder.add(held_[encoder.client_at(p)] != 0);
  for (uint32_t p = 0; p < section_begin_.size(); ++p) {
    const uint32_t c = encoder.client_at(p);
    const ClientState& client = world.clients[c];
    if (encoder.wants(client.belief.holding || client.lapsed)) encoder.time(section_begin_[c]);
  }
  encoder.add(newest_.has_value());
  if (!newest_) return;
  encoder.add(encoder.client_position(newest_->client.index));
  const bool recent = newest_->begin >= earliest;
  encoder.add(recent);
  if (encoder.wants(recent)) encoder.time(newest_->begin);
  encoder.add(newest_->token.has_value());
  encoder.add(newest_->token.value_or(0));
}

}  // namespace locksim
