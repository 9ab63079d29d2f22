// The transition function: the one way a world changes. It fires the earliest pending event and
// asks the chooser for every nondeterministic value the event needs. Given the same world and the
// same answers it always produces the same world.
#pragma once

#include <optional>

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

// The one client whose belief, wish to lock or process status a step of this event can change
// (the subject of a client event, the receiver of a reply); none for the other events, which
// run servers, links and clocks. Monitors that watch those fields look only at this client.
inline auto acting_client(const World& world, const Event& event) -> std::optional<ClientId> {
  if (subject_of(event.kind) == EventSubject::client) return ClientId{event.subject};
  if (event.kind == EventKind::deliver_reply) return world.client_of(event.subject);
  return std::nullopt;
}

// Calls note(client index) for every client whose belief, wish to lock or process status the
// step that fired `event` can have changed: the acting client, or everyone when `everyone` (a
// monitor's first look). Monitors that keep per-client state this way cost the same per step
// whatever the number of clients.
template <class Note>
void for_each_changed_client(const World& world, const Event& event, bool everyone, Note note) {
  if (everyone) {
    for (uint32_t c = 0; c < world.clients.size(); ++c) note(c);
  } else if (const std::optional<ClientId> actor = acting_client(world, event)) {
    note(actor->index);
  }
}

// Fires the earliest event and returns it: of the events due at one instant, the one scheduled
// first (what simulate and replay do).
auto step(World& world, Chooser& chooser, Tracer* tracer = nullptr) -> Event;

// Fires one particular event of those due first (EventQueue::due): a driver that treats the
// order of same-instant events as a choice (the model checker) tries each.
auto step_due(World& world, const Event& due, Chooser& chooser, Tracer* tracer = nullptr) -> Event;

// The faults a driver can inject at any moment, one at a time, from a budget (the model
// checker's `--budget`): each strikes now, on one subject, and its size is a choice.
enum class FaultKind : uint8_t {
  pause,         // subject: client; a process pause (pause_length)
  client_crash,  // subject: client; crash and restart after client_downtime
  server_crash,  // subject: server; crash and restart after server_downtime
  clock_jump,    // subject: server; its wall clock jumps forward by clock_jump_size
  partition,     // subject: connection; cut for link_down_length
};
inline constexpr size_t kFaultKindCount = 5;
// The budget names: pauses, client-crashes, server-crashes, clock-jumps, partitions.
auto to_string(FaultKind kind) -> std::string_view;

struct InjectedFault {
  FaultKind kind = FaultKind::pause;
  uint32_t subject = 0;
  auto operator==(const InjectedFault&) const -> bool = default;
};

// Whether the fault can strike now: its subject is up (running, for a pause) or, for a cut,
// its link is whole.
auto can_inject(const World& world, const InjectedFault& fault) -> bool;

// Strikes the fault now, as its event would, without scheduling another; returns that event.
auto inject(World& world, const InjectedFault& fault, Chooser& chooser, Tracer* tracer = nullptr)
    -> Event;

// One step as a driver decides it: fire one of the events due first (simulate always fires the
// first, index 0), or inject a fault. A counterexample is the list of the steps that differ
// from simulate's, with every choice made.
struct Action {
  enum class Kind : uint8_t { fire, inject };
  Kind kind = Kind::fire;
  uint32_t due_index = 0;  // fire: which due event (EventQueue::due_at)
  InjectedFault fault;     // inject
  auto operator==(const Action&) const -> bool = default;
};

// The event the action would fire; only when it can be taken.
auto next_event(const World& world, const Action& action) -> Event;

// Whether the action can be taken now (its event is due, its fault can strike).
auto can_apply(const World& world, const Action& action) -> bool;
auto apply(World& world, const Action& action, Chooser& chooser, Tracer* tracer = nullptr) -> Event;

}  // namespace locksim
