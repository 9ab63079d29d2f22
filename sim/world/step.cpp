// The transition function; see step.hpp. step() fires the earliest event; Transition::fire
// hands it to the handler of its kind (transition.hpp lists them; the *_transitions.cpp files
// hold them, one file per kind of node or link).
#include "sim/world/step.hpp"

#include "sim/world/transition.hpp"

namespace locksim {
namespace detail {

auto Transition::context(ClientId id) -> ClientContext {
  const ClientState& state = client(id);
  return ClientContext{.client = id,
                       .incarnation = state.incarnation,
                       .monotonic_now = state.clock.monotonic(world_.now),
                       .wall_now = state.clock.wall(world_.now)};
}

void Transition::fire(const Event& event) {
  const ClientId who{event.subject};
  switch (event.kind) {
    case EventKind::client_start:
      if (!deferred_by_pause(event, who)) start_client(who);
      return;
    case EventKind::deliver_request: return deliver_request(event.subject);
    case EventKind::deliver_reply: return deliver_reply(event);
    case EventKind::client_timer:
      if (!deferred_by_pause(event, who)) client_timer(who, static_cast<TimerKind>(event.detail));
      return;
    case EventKind::request_timeout:
      if (!deferred_by_pause(event, who)) request_timeout(who, event.detail);
      return;
    case EventKind::lease_end:
      if (!deferred_by_pause(event, who)) lease_end(who);
      return;
    case EventKind::pause_begin: return pause_begin(who, event.detail);
    case EventKind::pause_end: return pause_end(who);
    case EventKind::client_crash: return client_crash(who, event.detail);
    case EventKind::client_restart: return client_restart(who);
    case EventKind::server_crash: return server_crash(ServerId{event.subject}, event.detail);
    case EventKind::server_restart: return server_restart(ServerId{event.subject});
    case EventKind::server_cron: return server_cron(ServerId{event.subject});
    case EventKind::deliver_replication: return deliver_replication(ServerId{event.subject});
    case EventKind::promote:
      return promote(world_.config->faults.promotions[event.subject].replica, "manual failover");
    case EventKind::failover: return failover(ServerId{event.subject});
    case EventKind::deliver_ack: return deliver_ack(ServerId{event.subject});
    case EventKind::wait_timeout: return wait_timeout(event.subject, event.detail);
    case EventKind::clock_step: return clock_step(event.subject);
    case EventKind::partition_begin: return partition(event.subject, true);
    case EventKind::partition_end: return partition(event.subject, false);
    case EventKind::clock_jump: return clock_jump(ServerId{event.subject}, event.detail);
    case EventKind::link_down: return link_down(event.subject, event.detail);
    case EventKind::link_up: return link_up(event.subject);
    case EventKind::script_call: return script_call(event.subject);
  }
  LOCKSIM_UNREACHABLE("event kind {}", static_cast<int>(event.kind));
}

auto Transition::deferred_by_pause(const Event& event, ClientId id) -> bool {
  ClientState& state = client(id);
  LOCKSIM_ASSERT(state.status != ProcessStatus::crashed, "{} for crashed client {}",
                 to_string(event.kind), id);
  if (state.status != ProcessStatus::paused) return false;
  state.deferred.push_back(event);
  return true;
}

}  // namespace detail

namespace {

auto fire_popped(World& world, const Event& event, Chooser& chooser, Tracer* tracer) -> Event {
  LOCKSIM_ASSERT(event.at >= world.now, "event {} at {} is in the past (now {})",
                 to_string(event.kind), event.at, world.now);
  world.now = event.at;
  detail::Transition(world, chooser, tracer).fire(event);
  return event;
}

auto event_kind_of(FaultKind kind) -> EventKind {
  switch (kind) {
    case FaultKind::pause: return EventKind::pause_begin;
    case FaultKind::client_crash: return EventKind::client_crash;
    case FaultKind::server_crash: return EventKind::server_crash;
    case FaultKind::clock_jump: return EventKind::clock_jump;
    case FaultKind::partition: return EventKind::link_down;
  }
  LOCKSIM_UNREACHABLE("fault kind {}", static_cast<int>(kind));
}

}  // namespace

auto step(World& world, Chooser& chooser, Tracer* tracer) -> Event {
  LOCKSIM_ASSERT(can_step(world), "step with no pending event at {}", world.now);
  return fire_popped(world, world.queue.pop(), chooser, tracer);
}

auto step_due(World& world, const Event& due, Chooser& chooser, Tracer* tracer) -> Event {
  LOCKSIM_ASSERT(can_step(world) && due.at == next_event_time(world),
                 "event {} at {} is not due (next at {})", to_string(due.kind), due.at,
                 can_step(world) ? next_event_time(world) : world.now);
  return fire_popped(world, world.queue.take(due.sequence), chooser, tracer);
}

auto to_string(FaultKind kind) -> std::string_view {
  switch (kind) {
    case FaultKind::pause: return "pauses";
    case FaultKind::client_crash: return "client-crashes";
    case FaultKind::server_crash: return "server-crashes";
    case FaultKind::clock_jump: return "clock-jumps";
    case FaultKind::partition: return "partitions";
  }
  LOCKSIM_UNREACHABLE("fault kind {}", static_cast<int>(kind));
}

auto can_inject(const World& world, const InjectedFault& fault) -> bool {
  switch (fault.kind) {
    case FaultKind::pause: return world.clients[fault.subject].status == ProcessStatus::running;
    case FaultKind::client_crash:
      return world.clients[fault.subject].status != ProcessStatus::crashed;
    case FaultKind::server_crash:
    case FaultKind::clock_jump: return world.servers[fault.subject].up;
    case FaultKind::partition: return !world.connections[fault.subject].partitioned;
  }
  LOCKSIM_UNREACHABLE("fault kind {}", static_cast<int>(fault.kind));
}

auto inject(World& world, const InjectedFault& fault, Chooser& chooser, Tracer* tracer) -> Event {
  LOCKSIM_ASSERT(can_inject(world, fault), "{} on #{} cannot strike now", to_string(fault.kind),
                 fault.subject);
  const Event event = next_event(world, {Action::Kind::inject, 0, fault});
  detail::Transition(world, chooser, tracer).fire(event);
  return event;
}

auto can_apply(const World& world, const Action& action) -> bool {
  if (action.kind == Action::Kind::inject) return can_inject(world, action.fault);
  return action.due_index < world.queue.due_count();
}

auto next_event(const World& world, const Action& action) -> Event {
  if (action.kind == Action::Kind::inject) {
    return Event{world.now, 0, event_kind_of(action.fault.kind), action.fault.subject,
                 kInjectedFault};
  }
  return world.queue.due_at(action.due_index);
}

auto apply(World& world, const Action& action, Chooser& chooser, Tracer* tracer) -> Event {
  if (action.kind == Action::Kind::inject) return inject(world, action.fault, chooser, tracer);
  return step_due(world, world.queue.due_at(action.due_index), chooser, tracer);
}

}  // namespace locksim
