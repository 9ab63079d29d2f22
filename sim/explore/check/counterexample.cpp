// Counterexamples replayed; see counterexample.hpp.
#include "sim/explore/check/counterexample.hpp"

#include "sim/core/assert.hpp"

namespace locksim {

auto step_label(const Action& action, const Event& event) -> std::string {
  if (action.kind == Action::Kind::inject) {
    return fmt::format("inject {} on #{}", to_string(action.fault.kind), action.fault.subject + 1);
  }
  return fmt::format("{} #{}", to_string(event.kind), event.subject);
}

auto scheduled_actions(const Counterexample& counterexample) -> std::vector<ScheduledAction> {
  std::vector<ScheduledAction> actions;
  for (size_t i = 0; i < counterexample.steps.size(); ++i) {
    const Action& action = counterexample.steps[i].action;
    if (action == Action{}) continue;  // fire the first due event: what simulate does anyway
    actions.push_back({i + 1, action});
  }
  return actions;
}

auto replay_options(const Counterexample& counterexample) -> SimulationOptions {
  const TrueTime end =
      counterexample.steps.empty() ? TrueTime{} : counterexample.steps.back().event.at;
  return {.seed = 1,
          .duration = Duration{end.us},
          .steps_max = static_cast<uint64_t>(counterexample.steps.size())};
}

auto replay_counterexample(const std::shared_ptr<const WorldConfig>& checked_config,
                           const Counterexample& counterexample, Tracer* tracer)
    -> SimulationResult {
  ScriptedChooser chooser(counterexample.choices(), counterexample.pins);
  const std::vector<ScheduledAction> actions = scheduled_actions(counterexample);
  SimulationResult result = simulate(checked_config, replay_options(counterexample),
                                     {.tracer = tracer, .chooser = &chooser, .actions = &actions});
  if (counterexample.cycle_from) {
    // A lasso violates nothing a run can see in its steps: it must take them all.
    LOCKSIM_ASSERT(result.steps == counterexample.steps.size(),
                   "the starvation lasso ({} steps) replays to {} steps",
                   counterexample.steps.size(), result.steps);
    return result;
  }
  const InvariantOutcome& outcome = result.outcome(counterexample.finding.invariant);
  LOCKSIM_ASSERT(outcome.first && outcome.first->step == counterexample.finding.step,
                 "the counterexample to {} (step {}) replays to {} at step {}",
                 counterexample.finding.invariant, counterexample.finding.step,
                 outcome.first ? "a violation" : "no violation",
                 outcome.first ? outcome.first->step : 0);
  return result;
}

}  // namespace locksim
