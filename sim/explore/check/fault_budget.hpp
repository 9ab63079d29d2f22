// The model checker's faults: not rates but a budget (`--budget pauses=1`), how many faults of
// each kind the exploration may inject, each at any point where it can strike (Stateright's
// max_crashes). A fault's size is a choice from its domain. The remaining budget is part of the
// checked state.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "sim/world/step.hpp"
#include "sim/world/world.hpp"

namespace locksim {

struct FaultBudget {
  std::array<uint8_t, kFaultKindCount> remaining{};

  auto of(FaultKind kind) const -> uint8_t { return remaining[static_cast<size_t>(kind)]; }
  auto operator==(const FaultBudget&) const -> bool = default;
  // "pauses=1, client-crashes=1"; "no faults" when empty.
  auto describe() const -> std::string;
};

// The kinds of fault a configuration's profiles turn on (a recurring fault in its plan).
auto enabled_fault_kinds(const WorldConfig& config) -> std::array<bool, kFaultKindCount>;

// The default budget: one fault of each kind the configuration's profiles turn on.
auto default_budget(const WorldConfig& config) -> FaultBudget;

// Parses "KIND=N" into the budget; on failure, says what is wrong. A kind the configuration's
// profiles do not turn on cannot be given a budget (it has no size to draw).
auto read_budget(std::string_view text, const WorldConfig& config, FaultBudget& budget)
    -> std::optional<std::string>;

// The configuration the checker explores: the same, with recurring faults no longer striking
// by themselves (their sizes stay, for injected faults to draw from).
auto without_recurring_faults(const WorldConfig& config) -> std::shared_ptr<const WorldConfig>;

// How many subjects a fault kind has in a world (clients, servers or connections).
auto fault_subjects(const World& world, FaultKind kind) -> uint32_t;

}  // namespace locksim
