// Happens-before for a finding: the run is replayed up to the finding's step with a
// happens-before recorder watching the clients the finding names (same configuration, options
// and chooser: the same run), and their critical sections are related.
#pragma once

#include <memory>
#include <vector>

#include "sim/check/happens_before.hpp"
#include "sim/explore/simulate.hpp"

namespace locksim {

// `chooser`: the one the run used, fresh (none: the random chooser of options.seed).
auto causality_of(std::shared_ptr<const WorldConfig> config, SimulationOptions options,
                  const Finding& finding, Chooser* chooser = nullptr,
                  const std::vector<ScheduledAction>* actions = nullptr)
    -> std::vector<SectionCausality>;

}  // namespace locksim
