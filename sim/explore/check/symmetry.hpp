// Symmetry reduction for the model checker: which configurations have interchangeable clients.
// Clients are interchangeable when renumbering them maps every behaviour of the configuration
// to another of its behaviours, and every checked invariant's verdict to the same verdict: they
// run the same program with the same parameters and clock, and nothing in the configuration
// names one of them (a scheduled fault, a clock step, a partition, a pinned choice). The
// invariants are all symmetric in clients: none names a particular one.
//
// Servers are not renumbered: the Redlock clients visit masters in a fixed order, and a master
// and its replica are not interchangeable, so a renumbering of servers would seldom be a
// symmetry of the configurations checked.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "sim/explore/pinned_choice.hpp"
#include "sim/world/world.hpp"

namespace locksim {

// Why the configuration's clients are not interchangeable; none when they are.
auto why_clients_differ(const WorldConfig& config, std::span<const PinnedChoice> pins)
    -> std::optional<std::string>;

}  // namespace locksim
