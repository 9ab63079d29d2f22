// The mutual-exclusion monitor; see mutual_exclusion.hpp.
#include "sim/check/mutual_exclusion.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/world/step.hpp"

namespace locksim {

void MutualExclusionMonitor::after_step(const World& world, const Event& event, uint64_t step) {
  held_.resize(world.clients.size(), 0);
  last_section_.resize(world.clients.size());
  const std::optional<ClientId> actor = acting_client(world, event);
  if (!actor) return;  // no belief changed
  const Belief& belief = world.clients[actor->index].belief;
  const bool holds = belief.holding;
  const bool newcomer = holds && !held_[actor->index];
  if (newcomer) ++acquisitions_;
  if (holds != static_cast<bool>(held_[actor->index])) {
    std::optional<Section>& section = last_section_[actor->index];
    section = holds ? Section{belief.since, std::nullopt} : Section{section->since, world.now};
  }
  held_[actor->index] = holds;
  if (newcomer && belief.since < world.now) report_retrospective(world, *actor, step);
  if (first_ && !first_->end) {
    const bool all_still_hold = std::all_of(first_->clients.begin(), first_->clients.end(),
                                            [&](ClientId c) { return held_[c.index]; });
    if (!all_still_hold) first_->end = world.now;
  }
  if (!newcomer || std::count(held_.begin(), held_.end(), 1) < 2) return;
  report([&] {
    std::vector<ClientId> believers;
    for (uint32_t c = 0; c < world.clients.size(); ++c) {
      if (held_[c]) believers.push_back(ClientId{c});
    }
    first_ = MutexViolation{believers,    *actor, world.now,
                            std::nullopt, step,   std::make_shared<const World>(world)};
    return Finding{name(), world.now, step, believers,
                   fmt::format("{} acquired while {} other client(s) believed they held the lock",
                               *actor, believers.size() - 1)};
  });
}

// `claimant`'s belief resumed, claiming it held since belief.since: everyone whose last
// section ended since then held the lock in that past.
void MutualExclusionMonitor::report_retrospective(const World& world, ClientId claimant,
                                                  uint64_t step) {
  const TrueTime since = world.clients[claimant.index].belief.since;
  for (uint32_t c = 0; c < world.clients.size(); ++c) {
    const std::optional<Section>& other = last_section_[c];
    if (c == claimant.index || held_[c] || !other || !other->end || *other->end <= since) {
      continue;
    }
    report([&] {
      const TrueTime begin = std::max(since, other->since);
      first_ = MutexViolation{{claimant, ClientId{c}},
                              claimant,
                              begin,
                              *other->end,
                              step,
                              std::make_shared<const World>(world),
                              true};
      return Finding{name(),
                     world.now,
                     step,
                     {claimant, ClientId{c}},
                     fmt::format("{}'s extension took back the lock its lease had lost: it "
                                 "believes it held since {}, while {} held it from {} to {}",
                                 claimant, since, ClientId{c}, other->since, *other->end)};
    });
  }
}

void MutualExclusionMonitor::encode_history(StateEncoder& encoder, const World& world) const {
  // A last section matters only through its end, against the start of a belief that resumes
  // (report_retrospective): one that ended before any such start can be is only "over". Its
  // start only dates a finding.
  const TrueTime earliest = earliest_claimable(world);
  encoder.add(static_cast<uint64_t>(held_.size()));
  for (uint32_t p = 0; p < held_.size(); ++p) encoder.add(held_[encoder.client_at(p)] != 0);
  for (uint32_t p = 0; p < last_section_.size(); ++p) {
    const std::optional<Section>& section = last_section_[encoder.client_at(p)];
    encoder.add(section.has_value());
    if (!section) continue;
    if (encoder.wants(false)) encoder.time(section->since);
    encoder.add(section->end.has_value());
    const bool still_compared = section->end && *section->end > earliest;
    encoder.add(still_compared);
    if (section->end && encoder.wants(still_compared)) encoder.time(*section->end);
  }
}

}  // namespace locksim
