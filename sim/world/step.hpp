// The transition function: the one way a world changes. It fires the earliest pending event and
// asks the chooser for every nondeterministic value the event needs. Given the same world and the
// same answers it always produces the same world.
#pragma once

#include "sim/core/choice.hpp"
#include "sim/world/tracer.hpp"
#include "sim/world/world.hpp"

namespace locksim {

// Whether there is an event to fire.
inline auto can_step(const World& world) -> bool {
  return !world.queue.empty();
}

// The time of the next event; only when can_step.
inline auto next_event_time(const World& world) -> TrueTime {
  return world.queue.earliest().at;
}

// Fires the earliest event and returns it.
auto step(World& world, Chooser& chooser, Tracer* tracer = nullptr) -> Event;

}  // namespace locksim
