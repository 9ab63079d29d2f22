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
  switch (event.kind) {
    case EventKind::client_start:
    case EventKind::client_timer:
    case EventKind::request_timeout:
    case EventKind::lease_end:
    case EventKind::pause_begin:
    case EventKind::pause_end:
    case EventKind::client_crash:
    case EventKind::client_restart: return ClientId{event.subject};
    case EventKind::deliver_reply: return world.client_of(event.subject);
    case EventKind::deliver_request:
    case EventKind::server_crash:
    case EventKind::server_restart:
    case EventKind::server_cron:
    case EventKind::deliver_replication:
    case EventKind::promote:
    case EventKind::failover:
    case EventKind::deliver_ack:
    case EventKind::wait_timeout:
    case EventKind::clock_step:
    case EventKind::partition_begin:
    case EventKind::partition_end:
    case EventKind::clock_jump:
    case EventKind::link_down:
    case EventKind::link_up: return std::nullopt;
  }
  return std::nullopt;
}

// Fires the earliest event and returns it.
auto step(World& world, Chooser& chooser, Tracer* tracer = nullptr) -> Event;

}  // namespace locksim
