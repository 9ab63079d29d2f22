// The happens-before relation in vector clocks; see happens_before.hpp.
#include "sim/check/happens_before.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/core/assert.hpp"
#include "sim/world/world.hpp"

namespace locksim {
namespace {

auto ends_section(std::string_view kind) -> bool {
  return kind == "released" || kind == "lease_end" || kind == "crash";
}

// What `into`'s event learns from an event before it.
void merge(VectorClock& into, const VectorClock& other) {
  for (size_t i = 0; i < into.size(); ++i) into[i] = std::max(into[i], other[i]);
}

// A master's writes are trimmed once they have doubled since the last trim, as a MessageLedger's
// entries are.
constexpr size_t kTrimSlack = 64;

}  // namespace

auto happens_before(const EventPlace& earlier, const CausalStamp& later) -> bool {
  LOCKSIM_ASSERT(earlier.component, "happens-before asked of an event on a lifeline not watched");
  return later.clock.at(*earlier.component) >= earlier.position;
}

HappensBeforeRecorder::HappensBeforeRecorder(std::vector<ClientId> watched)
    : watched_clients_(std::move(watched)), watched_(watched_clients_.size()) {}

void HappensBeforeRecorder::start(const World& world) {
  const size_t components = watched_clients_.size() + world.servers.size();
  clients_.assign(world.clients.size(), {0, std::nullopt, VectorClock(components, 0)});
  for (uint32_t i = 0; i < watched_clients_.size(); ++i) {
    clients_.at(watched_clients_[i].index).component = i;
  }
  servers_.assign(world.servers.size(), {0, std::nullopt, VectorClock(components, 0)});
  for (uint32_t s = 0; s < servers_.size(); ++s) {
    servers_[s].component = static_cast<uint32_t>(watched_clients_.size()) + s;
  }
  writes_.resize(world.servers.size());
  for (Watched& watched : watched_) watched.applied.resize(world.servers.size());
}

void HappensBeforeRecorder::record(const World& world, const TraceEntry& entry) {
  last_ = nullptr;
  if (servers_.empty()) start(world);
  // A dropped message carries nothing, and nothing about it will come.
  if (entry.kind == "drop" && entry.request) {
    sent_.take(*entry.client, *entry.request);
    applied_.take(*entry.client, *entry.request);
    return;
  }
  // An entry about one command sits on the lifeline of the side that acted: the server applies
  // it, the client sends it and hears the outcome. Drops, partitions and heals are no process's
  // doing.
  const bool both = entry.client && entry.server;
  bool on_client = entry.client.has_value();
  if (both) {
    if (entry.kind == "apply") {
      on_client = false;
    } else if (entry.kind != "send" && entry.kind != "reply" && entry.kind != "timeout") {
      return;
    }
  }
  if (!entry.client && !entry.server) return;
  Lifeline& line = on_client ? clients_[entry.client->index] : servers_[entry.server->index];
  ++events_;
  ++line.events;
  VectorClock& clock = line.clock;  // the previous event's: program order
  if (entry.request && entry.kind == "apply") {
    if (const auto sent = sent_.take(*entry.client, *entry.request)) merge(clock, *sent);
  }
  if (entry.request && entry.kind == "reply") {
    if (const auto applied = applied_.take(*entry.client, *entry.request)) merge(clock, *applied);
  }
  if (!on_client && entry.kind == "replicate") learn_from_master(world, *entry.server, clock);
  if (line.component) clock[*line.component] = line.events;
  if (entry.request && entry.kind == "send") sent_.put(*entry.client, *entry.request, clock);
  if (entry.request && entry.kind == "apply") applied_.put(*entry.client, *entry.request, clock);
  if (!on_client) note_write(world, *entry.server, clock);
  follow_section(entry, line);
  last_ = &line;
}

// A replica applying its master's stream: the last write it now includes happens before.
void HappensBeforeRecorder::learn_from_master(const World& world, ServerId replica,
                                              VectorClock& clock) const {
  const ServerState& state = world.servers[replica.index];
  if (!state.master) return;
  const std::map<uint64_t, VectorClock>& writes = writes_[state.master->index].by_offset;
  const auto after = writes.upper_bound(state.applied_offset);
  if (after != writes.begin()) merge(clock, std::prev(after)->second);
}

// A master's write: remember where its replication stream reached this offset. A stream that
// counts again from lower down (a crash forgets the offset, a promoted replica takes its own)
// names new writes with the old offsets: the old writes above it are no longer in the stream.
void HappensBeforeRecorder::note_write(const World& world, ServerId server,
                                       const VectorClock& clock) {
  Writes& writes = writes_[server.index];
  const uint64_t offset = world.servers[server.index].replication_offset;
  if (offset == writes.seen) return;
  if (offset < writes.seen) {
    writes.by_offset.erase(writes.by_offset.upper_bound(offset), writes.by_offset.end());
  }
  writes.seen = offset;
  writes.by_offset.insert_or_assign(offset, clock);
}

void HappensBeforeRecorder::follow_section(const TraceEntry& entry, const Lifeline& line) {
  if (!entry.client) return;
  const std::optional<uint32_t> component = clients_[entry.client->index].component;
  if (!component) return;
  Watched& watched = watched_[*component];
  const EventPlace place{line.component, line.events};
  std::optional<Section>& section = watched.section;
  if (entry.kind == "apply") {
    std::optional<Applied>& first = watched.applied[entry.server->index];
    if (!first) first = Applied{events_, place};
  } else if (entry.kind == "acquired") {
    section = Section{events_, CausalStamp{place, line.clock}, std::nullopt, watched.applied};
  } else if (entry.kind == "resumed" && section) {
    section->end.reset();  // the lapsed section goes on, as its holder believes
  } else if (ends_section(entry.kind) && section && !section->end) {
    section->end = place;
    std::fill(watched.applied.begin(), watched.applied.end(), std::nullopt);
  }
}

void HappensBeforeRecorder::forget_lost(const World& world) {
  sent_.forget_lost(world);
  applied_.forget_lost(world);
  for (uint32_t s = 0; s < writes_.size(); ++s) {
    Writes& writes = writes_[s];
    if (writes.by_offset.size() < 2 * writes.kept + kTrimSlack) continue;
    // A replica will apply an update in flight to it now, or one the master sends from now on
    // (at its offset or above): the last write at or below the lowest of those answers for all.
    uint64_t lowest = world.servers[s].replication_offset;
    for (const ServerState& replica : world.servers) {
      if (replica.master != ServerId{s}) continue;
      for (const ReplicationUpdate& update : replica.inbound) {
        lowest = std::min(lowest, update.offset);
      }
    }
    auto kept = writes.by_offset.upper_bound(lowest);
    if (kept != writes.by_offset.begin()) --kept;
    writes.by_offset.erase(writes.by_offset.begin(), kept);
    writes.kept = writes.by_offset.size();
  }
}

auto HappensBeforeRecorder::last_event() const -> std::optional<CausalStamp> {
  if (!last_) return std::nullopt;
  return CausalStamp{{last_->component, last_->events}, last_->clock};
}

auto HappensBeforeRecorder::section(ClientId client) const -> const std::optional<Section>& {
  static const std::optional<Section> none;
  if (client.index >= clients_.size() || !clients_[client.index].component) return none;
  return watched_[*clients_[client.index].component].section;
}

auto section_causality(const HappensBeforeRecorder& recorder, const Finding& finding)
    -> std::vector<SectionCausality> {
  using Section = HappensBeforeRecorder::Section;
  std::vector<std::pair<ClientId, const Section*>> sections;
  for (const ClientId client : finding.clients) {
    if (const std::optional<Section>& section = recorder.section(client)) {
      sections.emplace_back(client, &*section);
    }
  }
  std::sort(sections.begin(), sections.end(), [](const auto& a, const auto& b) {
    return a.second->begin_order < b.second->begin_order;
  });
  // Where a lock command one sent while acquiring was applied before `later` (the first in the
  // run's order). On each server only the first is a candidate: a server's later event is in
  // no causal past its earlier one is not.
  const auto seen = [](const Section& section, const CausalStamp& later) {
    std::optional<ServerId> server;
    uint64_t first = 0;
    for (uint32_t s = 0; s < section.applied.size(); ++s) {
      const std::optional<HappensBeforeRecorder::Applied>& applied = section.applied[s];
      if (!applied || !happens_before(applied->place, later)) continue;
      if (!server || applied->order < first) {
        server = ServerId{s};
        first = applied->order;
      }
    }
    return server;
  };
  std::vector<SectionCausality> result;
  for (size_t i = 0; i < sections.size(); ++i) {
    for (size_t j = i + 1; j < sections.size(); ++j) {
      const auto& [first, a] = sections[i];
      const auto& [second, b] = sections[j];
      const bool a_before_b = a->end && happens_before(*a->end, b->begin);
      const bool b_before_a = b->end && happens_before(*b->end, a->begin);
      SectionCausality causality{first, second, !a_before_b && !b_before_a, std::nullopt};
      // Either way round: a delayed reply lets the earlier command's sender acquire later.
      if (const std::optional<ServerId> server = seen(*a, b->begin)) {
        causality.lock_seen = SectionCausality::LockSeen{first, second, *server};
      } else if (const std::optional<ServerId> other = seen(*b, a->begin)) {
        causality.lock_seen = SectionCausality::LockSeen{second, first, *other};
      }
      result.push_back(causality);
    }
  }
  return result;
}

auto describe(const SectionCausality& causality) -> std::string {
  const std::string order =
      causality.concurrent
          ? fmt::format(
                "{} and {} were in causally concurrent critical sections (no chain of "
                "messages orders one's end before the other's beginning)",
                causality.first, causality.second)
          : fmt::format("{}'s and {}'s critical sections are ordered by happens-before",
                        causality.first, causality.second);
  if (!causality.concurrent) return order;
  if (const auto& seen = causality.lock_seen) {
    return fmt::format(
        "{}; {}'s acquisition causally follows {}'s lock command on {}: that "
        "server knew of {}'s lock and let it go without a word from {} (an "
        "expiry, a clock jump, lost state)",
        order, seen->acquirer, seen->holder, seen->server, seen->holder, seen->holder);
  }
  return fmt::format(
      "{}; no lock command of either happens before the other's acquisition: "
      "the servers each heard from never learnt of the other's lock",
      order);
}

}  // namespace locksim
