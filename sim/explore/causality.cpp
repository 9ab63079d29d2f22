// Happens-before for a finding; see causality.hpp.
#include "sim/explore/causality.hpp"

namespace locksim {

auto causality_of(std::shared_ptr<const WorldConfig> config, SimulationOptions options,
                  const Finding& finding, Chooser* chooser,
                  const std::vector<ScheduledAction>* actions) -> std::vector<SectionCausality> {
  if (finding.clients.size() < 2) return {};
  HappensBeforeRecorder recorder;
  options.steps_max = finding.step;
  simulate(std::move(config), options,
           {.tracer = &recorder, .chooser = chooser, .actions = actions});
  return section_causality(recorder.graph(), finding);
}

}  // namespace locksim
