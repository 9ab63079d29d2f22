// Happens-before for a finding; see causality.hpp.
#include "sim/explore/causality.hpp"

#include "sim/explore/forget_lost.hpp"

namespace locksim {

auto causality_of(std::shared_ptr<const WorldConfig> config, SimulationOptions options,
                  const Finding& finding, Chooser* chooser,
                  const std::vector<ScheduledAction>* actions) -> std::vector<SectionCausality> {
  if (finding.clients.size() < 2) return {};
  HappensBeforeRecorder recorder(finding.clients);
  ForgetLost forget(recorder);
  simulate(std::move(config), replay_until(options, finding.step),
           {.tracer = &recorder, .chooser = chooser, .observer = &forget, .actions = actions});
  return section_causality(recorder, finding);
}

}  // namespace locksim
