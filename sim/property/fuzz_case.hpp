// A generated test case for the property-based driver: a setup (how many clients and servers of
// a space of configurations, how long to run), an explicit fault schedule — each fault a moment,
// a kind, a target and a size — and the data that answers every other choice the run asks. The
// case becomes a scenario (the timeline pins its faults; the profiles' recurring faults are
// off), and runs through the same `simulate` with a chooser fed by its data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/choice.hpp"
#include "sim/explore/simulation_setup.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/world/step.hpp"

namespace locksim {

// What a fuzz run may generate: the setup at its largest (setup.clients and setup.servers are
// maxima that cases shrink from), the fault kinds its profiles turn on, and the longest run.
struct FuzzSpace {
  SimulationSetup setup;
  uint32_t clients_min = 2;
  uint32_t servers_min = 1;
  Duration duration_min = Duration::seconds(1);
  Duration duration_max = Duration::seconds(10);
  std::vector<std::string> invariants;  // a case fails when its run violates one of these
};

// One fault of the schedule. The target is an index taken modulo the case's clients (pauses,
// client crashes), servers (server crashes, clock jumps) or connections (partitions); the size
// is the quantile (in ppm) of the profile's own distribution for that fault's length, so a
// shrinking size moves toward the profile's shortest pause, jump, downtime or cut.
struct FuzzFault {
  FaultKind kind = FaultKind::pause;
  uint32_t target = 0;
  Duration at;
  uint32_t size_ppm = 0;
  auto operator==(const FuzzFault&) const -> bool = default;
};

// The answers to one kind of choice about one subject, by occurrence: the nth time the run asks
// takes answers[n-1] as a quantile (ppm) of the distribution asked; past the end, the smallest
// value the distribution can produce.
struct ChoiceSeries {
  ChoiceKind kind = ChoiceKind::start_delay;
  uint32_t subject = 0;
  std::vector<uint32_t> answers;
  auto operator==(const ChoiceSeries&) const -> bool = default;
};

struct FuzzCase {
  std::vector<FuzzFault> faults;  // in no particular order
  uint32_t clients = 2;
  uint32_t servers = 1;
  Duration duration = Duration::seconds(1);
  std::vector<ChoiceSeries> choices;
  auto operator==(const FuzzCase&) const -> bool = default;
};

// The choice kinds a case's data answers: every kind but the recurring faults' own, which do not
// strike in a fuzzed run (its faults are the schedule).
auto fuzzed_choice_kinds() -> std::vector<ChoiceKind>;

// The fault kinds the space's profiles turn on, in FaultKind order.
auto fuzzed_fault_kinds(const FuzzSpace& space) -> std::vector<FaultKind>;

// How many subjects a choice kind has in the space's largest world (clients, connections or
// servers).
auto choice_subjects(const FuzzSpace& space, ChoiceKind kind) -> uint32_t;

// The case's setup: the space's, with the case's clients and servers.
auto case_setup(const FuzzSpace& space, const FuzzCase& fuzz_case) -> SimulationSetup;

// The case as a scenario without recorded choices: its setup, its faults on the timeline (those
// at or after the case's end left out), the profiles' recurring faults off.
auto case_scenario(const FuzzSpace& space, const FuzzCase& fuzz_case) -> Scenario;

// The case's faults as they strike, in time order: "pause c2 at 1.2s for 1.4s; restart r1 at
// 3s after 200ms down"; "no faults" when there are none.
auto describe_schedule(const Scenario& scenario) -> std::string;

}  // namespace locksim
