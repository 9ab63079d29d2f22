// A scenario as the simulator takes it: the WorldConfig it describes, and the chooser that
// answers its pinned choices (start times, message delays) and leaves the rest to the seed — or,
// for a recorded run, gives back every recorded choice.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sim/core/choice.hpp"
#include "sim/explore/pinned_choice.hpp"
#include "sim/explore/random_chooser.hpp"
#include "sim/explore/scripted_chooser.hpp"
#include "sim/scenario/scenario.hpp"

namespace locksim {

// The scenario must have loaded without errors.
auto make_world_config(const Scenario& scenario) -> std::shared_ptr<const WorldConfig>;

// Answers the pinned choices with their values — whatever the distribution, since a pin is the
// scenario overriding it — and every other choice from `rest`.
class PinningChooser final : public Chooser {
 public:
  PinningChooser(std::vector<PinnedChoice> pins, Chooser& rest);
  auto choose(const Choice& choice) -> Duration override;

 private:
  std::vector<PinnedChoice> pins_;
  std::vector<uint32_t> seen_;  // per pin: matching choices asked so far
  Chooser& rest_;
};

// The choices a scenario pins: its clients' start times and its [[message]] delays.
auto pinned_choices(const Scenario& scenario, const WorldConfig& config)
    -> std::vector<PinnedChoice>;

// The chooser a scenario runs with.
class ScenarioChooser final : public Chooser {
 public:
  ScenarioChooser(const Scenario& scenario, const WorldConfig& config);
  auto choose(const Choice& choice) -> Duration override;

 private:
  RandomChooser random_;
  PinningChooser pinning_;
  std::optional<ScriptedChooser> replay_;
};

}  // namespace locksim
