// Client processes: start, timers, request timeouts, lease ends, effects of their algorithms,
// pauses, crashes and restarts.
#include "sim/world/transition.hpp"

#include "sim/core/overloaded.hpp"

namespace locksim::detail {

void Transition::start_client(ClientId id) {
  trace("start", id, std::nullopt, [&] { return fmt::format("{}", client(id).program->name()); });
  run_algorithm(id, [&](LockAlgorithm& algorithm, Effects& effects) {
    algorithm.start(context(id), effects);
  });
}

void Transition::apply(ClientId id, Effect& effect) {
  std::visit(
      Overloaded{
          [&](const effect::Attempting&) { client(id).wanting = true; },
          [&](const effect::GaveUp&) { client(id).wanting = false; },
          [&](effect::Send& send) {
            send_request(id, send.server, send.tag, std::move(send.command));
          },
          [&](const effect::SetTimer& timer) {
            arm_timer(id, timer.kind, choose(timer.purpose, id.index, *timer.distribution));
          },
          [&](const effect::SetFixedTimer& timer) { arm_timer(id, timer.kind, timer.after); },
          [&](const effect::CancelTimer& timer) {
            world_.queue.cancel(EventKind::client_timer, id.index,
                                static_cast<uint32_t>(timer.kind));
          },
          [&](const effect::Acquired& acquired) {
            Belief& belief = client(id).belief;
            LOCKSIM_ASSERT(!belief.holding, "{} acquired while it already believes it holds", id);
            belief = Belief{true, world_.now, acquired.lease_end, acquired.key, acquired.token};
            client(id).lapsed.reset();
            client(id).wanting = false;
            if (acquired.lease_end) schedule_lease_end(id, *acquired.lease_end);
            trace("acquired", id, std::nullopt, [&] {
              return acquired.lease_end ? lease_text(id, *acquired.lease_end)
                                        : std::string("no lease");
            });
          },
          [&](const effect::Extended& extended) { extend_belief(id, extended.lease_end); },
          [&](const effect::Released&) {
            client(id).lapsed.reset();
            end_belief(id, "released");
          },
          [&](const effect::WriteResource& write) { write_resource(id, write.fencing_token); },
      },
      effect);
}

void Transition::write_resource(ClientId id, std::optional<uint64_t> token) {
  ProtectedResource& resource = world_.resource;
  const bool accepted = !token || !resource.highest_token || *token >= *resource.highest_token;
  resource.last_write = ResourceWrite{id, token, accepted};
  if (accepted) {
    ++resource.writes;
    if (token) resource.highest_token = *token;
  } else {
    ++resource.rejected;
  }
  trace("write", id, std::nullopt, [&] {
    if (!token) return std::string("unfenced");
    return fmt::format("token {} {}", *token, accepted ? "accepted" : "rejected (stale)");
  });
}

void Transition::arm_timer(ClientId id, TimerKind kind, Duration after) {
  world_.queue.cancel(EventKind::client_timer, id.index, static_cast<uint32_t>(kind));
  const NodeClock& clock = client(id).clock;
  const TrueTime at = clock.when_monotonic_reaches(clock.monotonic(world_.now) + after, world_.now);
  world_.queue.push(at, EventKind::client_timer, id.index, static_cast<uint32_t>(kind));
}

void Transition::client_timer(ClientId id, TimerKind kind) {
  trace("timer", id, std::nullopt, [&] { return std::string(to_string(kind)); });
  run_algorithm(id, [&](LockAlgorithm& algorithm, Effects& effects) {
    algorithm.on_timer(context(id), kind, effects);
  });
}

void Transition::request_timeout(ClientId id, uint32_t request_id) {
  ClientState& state = client(id);
  const auto outstanding =
      std::find_if(state.outstanding.begin(), state.outstanding.end(),
                   [&](const OutstandingRequest& r) { return r.id == request_id; });
  LOCKSIM_ASSERT(outstanding != state.outstanding.end(), "timeout of unknown request #{} of {}",
                 request_id, id);
  const Response response{outstanding->server, outstanding->tag, std::nullopt};
  state.outstanding.erase(outstanding);
  trace_request("timeout", id, response.server, request_id, [] { return "outcome unknown"; });
  run_algorithm(id, [&](LockAlgorithm& algorithm, Effects& effects) {
    algorithm.on_response(context(id), response, effects);
  });
}

void Transition::lease_end(ClientId id) {
  LOCKSIM_ASSERT(client(id).belief.holding, "lease end for {} which holds nothing", id);
  client(id).lapsed = client(id).belief;
  end_belief(id, "lease over by its own clock");
}

// "lease until monotonic 988ms", flagged when the client's clock has already passed it.
auto Transition::lease_text(ClientId id, LocalTime lease_end) const -> std::string {
  const bool over = lease_end <= world_.clients[id.index].clock.monotonic(world_.now);
  return fmt::format("lease until monotonic {}{}", Duration{lease_end.us},
                     over ? " (already over)" : "");
}

void Transition::schedule_lease_end(ClientId id, LocalTime lease_end) {
  world_.queue.cancel(EventKind::lease_end, id.index);
  const TrueTime at = client(id).clock.when_monotonic_reaches(lease_end, world_.now);
  world_.queue.push(at, EventKind::lease_end, id.index);
}

void Transition::extend_belief(ClientId id, LocalTime lease_end) {
  ClientState& state = client(id);
  if (state.belief.holding) {
    state.belief.lease_end = lease_end;
    schedule_lease_end(id, lease_end);
    trace("extended", id, std::nullopt, [&] { return lease_text(id, lease_end); });
    return;
  }
  // Its lease ran out before the extension came back: the algorithm goes on as if it had held
  // the lock throughout, so its belief resumes from when it began.
  LOCKSIM_ASSERT(state.lapsed, "{} extended a lock it never held", id);
  state.belief = *state.lapsed;
  state.belief.lease_end = lease_end;
  state.lapsed.reset();
  schedule_lease_end(id, lease_end);
  trace("resumed", id, std::nullopt, [&] {
    return fmt::format("by extending the lock its lease had lost (believes it held since {}); {}",
                       state.belief.since, lease_text(id, lease_end));
  });
}

void Transition::end_belief(ClientId id, std::string_view why) {
  Belief& belief = client(id).belief;
  if (!belief.holding) return;
  belief = Belief{};
  world_.queue.cancel(EventKind::lease_end, id.index);
  trace(why == "released" ? "released" : "lease_end", id, std::nullopt,
        [&] { return std::string(why); });
}

void Transition::schedule_next(const RecurringFault& fault, ChoiceKind kind, EventKind event,
                               uint32_t subject) {
  const Duration interval = choose(kind, subject, fault.interval);
  // A recurring fault must let time pass, or the run would never leave this instant.
  LOCKSIM_ASSERT(interval.us > 0, "{} for #{} is {}; recurring faults need positive intervals",
                 to_string(kind), subject, interval);
  world_.queue.push(world_.now + interval, event, subject);
}

void Transition::pause_begin(ClientId id, uint32_t scheduled) {
  const RecurringFault& fault = world_.config->faults.client_pause;
  recur(scheduled, fault, ChoiceKind::pause_interval, EventKind::pause_begin, id.index);
  ClientState& state = client(id);
  if (state.status != ProcessStatus::running) return;
  const Duration length = fault_length(scheduled, fault, ChoiceKind::pause_length, id.index);
  state.status = ProcessStatus::paused;
  world_.queue.push(world_.now + length, EventKind::pause_end, id.index);
  trace("pause", id, std::nullopt, [&] { return fmt::format("for {}", length); });
}

void Transition::pause_end(ClientId id) {
  ClientState& state = client(id);
  LOCKSIM_ASSERT(state.status == ProcessStatus::paused, "{} resumes but is not paused", id);
  state.status = ProcessStatus::running;
  trace("resume", id, std::nullopt,
        [&] { return fmt::format("{} events waited", state.deferred.size()); });
  // What arrived during the pause is handled now, in the order it arrived.
  for (const Event& event : state.deferred) {
    world_.queue.push(world_.now, event.kind, event.subject, event.detail);
  }
  state.deferred.clear();
}

void Transition::client_crash(ClientId id, uint32_t scheduled) {
  const RecurringFault& fault = world_.config->faults.client_crash;
  recur(scheduled, fault, ChoiceKind::client_crash_interval, EventKind::client_crash, id.index);
  ClientState& state = client(id);
  if (state.status == ProcessStatus::crashed) return;
  state.lapsed.reset();
  end_belief(id, "crashed");
  state.status = ProcessStatus::crashed;
  state.wanting = false;
  state.outstanding.clear();
  state.deferred.clear();
  world_.queue.remove_if([&](const Event& e) {
    const bool mine = e.subject == id.index;
    switch (e.kind) {
      case EventKind::client_start:
      case EventKind::client_timer:
      case EventKind::request_timeout:
      case EventKind::lease_end:
      case EventKind::pause_end: return mine;
      case EventKind::deliver_reply: return world_.client_of(e.subject) == id;
      default: return false;
    }
  });
  // Commands already sent still reach their servers; replies to them go nowhere. A server
  // with none left to read frees the client now (else after the last, deliver_request).
  for (uint32_t s = 0; s < world_.servers.size(); ++s) {
    Connection& connection = world_.connections[world_.connection_index(id, ServerId{s})];
    connection.replies.clear();
    connection.deliveries = 0;
    if (connection.requests.empty()) world_.servers[s].redis.sessions.drop(id.index);
  }
  const Duration downtime = fault_length(scheduled, fault, ChoiceKind::client_downtime, id.index);
  world_.queue.push(world_.now + downtime, EventKind::client_restart, id.index);
  trace("crash", id, std::nullopt, [&] { return fmt::format("down for {}", downtime); });
}

void Transition::client_restart(ClientId id) {
  ClientState& state = client(id);
  LOCKSIM_ASSERT(state.status == ProcessStatus::crashed, "{} restarts but is not crashed", id);
  state.status = ProcessStatus::running;
  ++state.incarnation;
  state.program = world_.config->clients[id.index].program;  // all volatile state is lost
  trace("restart", id, std::nullopt,
        [&] { return fmt::format("incarnation {}", state.incarnation); });
  start_client(id);
}

}  // namespace locksim::detail
