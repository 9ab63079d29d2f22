// A counterexample as the other drivers read it: the steps where it differs from simulate (a
// same-instant order, an injected fault) and every choice it made, replayed through the simulate
// driver — which must find the same violation at the same step, so the checker's verdict is
// confirmed by the driver every scenario file and diagram already uses.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sim/explore/check/model_checker.hpp"
#include "sim/explore/simulate.hpp"

namespace locksim {

// What a step did, briefly: the event it fired ("deliver_request #1") or the fault it injected
// ("inject pause on #2").
auto step_label(const Action& action, const Event& event) -> std::string;

// The steps of the path that are not "fire the event due first", as simulate takes them.
auto scheduled_actions(const Counterexample& counterexample) -> std::vector<ScheduledAction>;

// The simulate options that replay the path exactly: up to its last step and its time.
auto replay_options(const Counterexample& counterexample) -> SimulationOptions;

// Replays the path through simulate on the checked configuration (recurring faults off, as
// without_recurring_faults leaves it), with a tracer if given; asserts that it finds the same
// violation at the same step (a starvation lasso: that it takes every step).
auto replay_counterexample(const std::shared_ptr<const WorldConfig>& checked_config,
                           const Counterexample& counterexample, Tracer* tracer = nullptr)
    -> SimulationResult;

}  // namespace locksim
