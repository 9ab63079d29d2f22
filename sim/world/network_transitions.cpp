// The network between clients and servers: per-connection FIFO delivery, delays as choices,
// replies, partitions and resets, and Sentinel-aware routing.
#include "sim/redis/commands.hpp"
#include "sim/redis/wait_command.hpp"
#include "sim/world/transition.hpp"

namespace locksim::detail {

void Transition::send_request(ClientId id, ServerId server, uint32_t tag, redis::Command command) {
  LOCKSIM_ASSERT(server.index < world_.servers.size(), "{} sends to unknown server {}", id, server);
  ClientState& state = client(id);
  const uint32_t request_id = state.next_request_id++;
  state.outstanding.push_back({request_id, server, tag});
  server = route(id, server);
  const Duration timeout = world_.config->clients[id.index].request_timeout;
  if (timeout.us > 0) {
    const TrueTime at =
        state.clock.when_monotonic_reaches(state.clock.monotonic(world_.now) + timeout, world_.now);
    world_.queue.push(at, EventKind::request_timeout, id.index, request_id);
  }
  const uint32_t index = world_.connection_index(id, server);
  Connection& connection = world_.connections[index];
  if (connection.partitioned) {
    trace("drop", id, server, [&] { return fmt::format("{} (partitioned)", command); });
    return;
  }
  const Duration delay = choose(ChoiceKind::request_delay, index,
                                world_.config->network.request_delay, command.name());
  TrueTime arrival = world_.now + delay;
  if (!connection.requests.empty()) arrival = std::max(arrival, connection.requests.back().arrival);
  trace_request("send", id, server, request_id, [&] { return fmt::format("{}", command); });
  connection.requests.push_back({request_id, state.incarnation, arrival, std::move(command)});
  if (connection.requests.size() == 1)
    world_.queue.push(arrival, EventKind::deliver_request, index);
}

void Transition::deliver_request(uint32_t connection_index) {
  Connection& connection = world_.connections[connection_index];
  LOCKSIM_ASSERT(!connection.requests.empty(), "delivery on connection {} with nothing in flight",
                 connection_index);
  if (connection.script) {
    connection.request_waiting = true;  // read once the script finishes
    return;
  }
  const InFlightRequest request = std::move(connection.requests.front());
  connection.requests.erase(connection.requests.begin());
  if (!connection.requests.empty()) {
    // The next may have arrived already, while a script held the connection.
    world_.queue.push(std::max(connection.requests.front().arrival, world_.now),
                      EventKind::deliver_request, connection_index);
  }
  const ServerId server_id = world_.server_of(connection_index);
  const ClientId client_id = world_.client_of(connection_index);
  ServerState& server = world_.servers[server_id.index];
  if (!server.up) {
    trace_request("drop", client_id, server_id, request.id, [] { return "server down"; });
    return;
  }
  if (redis::is_wait(request.command) || redis::is_info(request.command)) {
    free_if_sender_gone(connection_index, request);
    if (redis::is_wait(request.command)) return start_wait(connection_index, request);
    return answer_info(connection_index, request);
  }
  redis::ScriptProgress progress;
  execute_request(connection_index, request, progress);
  if (progress.suspended) {
    connection.script = RunningScript{request, std::move(progress)};
    schedule_script_call(connection_index);
  }
}

void Transition::script_call(uint32_t connection_index) {
  Connection& connection = world_.connections[connection_index];
  LOCKSIM_ASSERT(connection.script.has_value(), "script call on connection {} with no script",
                 connection_index);
  RunningScript& script = *connection.script;
  execute_request(connection_index, script.request, script.progress);
  if (script.progress.suspended) return schedule_script_call(connection_index);
  connection.script.reset();
  if (connection.request_waiting) {
    connection.request_waiting = false;
    world_.queue.push(world_.now, EventKind::deliver_request, connection_index);
  }
}

void Transition::schedule_script_call(uint32_t connection_index) {
  const ServerSettings& server = world_.config->servers[world_.server_of(connection_index).index];
  const Duration gap =
      choose(ChoiceKind::script_call_gap, connection_index, server.script_call_gap);
  world_.queue.push(world_.now + gap, EventKind::script_call, connection_index);
}

void Transition::execute_request(uint32_t connection_index, const InFlightRequest& request,
                                 redis::ScriptProgress& progress) {
  const ServerId server_id = world_.server_of(connection_index);
  const ClientId client_id = world_.client_of(connection_index);
  ServerState& server = world_.servers[server_id.index];
  const int64_t now_ms = server.clock.wall(world_.now).unix_ms();
  const uint64_t dirty_before = server.redis.dirty;
  // Kept from command to command for its capacity: nearly every command changes a key.
  thread_local std::vector<std::string> changed;
  changed.clear();
  redis::Reply reply = redis::execute(server.redis, request.command, now_ms,
                                      {.replica = server.master.has_value(),
                                       .changed_keys = &changed,
                                       .client = client_id.index,
                                       .flavour = world_.config->servers[server_id.index].flavour,
                                       .script_progress = &progress});
  free_if_sender_gone(connection_index, request);
  if (!changed.empty() && !server.master) {
    propagate(server_id, changed);
    server.client_write_offsets[client_id.index] = server.replication_offset;
  }
  if (server.redis.dirty != dirty_before) sync_if_always(server_id);
  if (progress.suspended) {
    trace_request("script_call", client_id, server_id, request.id, [&] {
      return fmt::format("{}: call {} -> {} (server clock {} ms)", request.command,
                         progress.replies.size(), redis::to_trace_string(progress.replies.back()),
                         now_ms);
    });
    return;
  }
  trace_request("apply", client_id, server_id, request.id, [&] {
    return fmt::format("{} -> {} (server clock {} ms)", request.command,
                       redis::to_trace_string(reply), now_ms);
  });
  const Connection& connection = world_.connections[connection_index];
  if (connection.script && connection.script->detached) return;  // its connection is gone
  send_reply(connection_index, request, std::move(reply));
}

void Transition::send_reply(uint32_t connection_index, const InFlightRequest& request,
                            redis::Reply reply) {
  const ClientId client_id = world_.client_of(connection_index);
  Connection& connection = world_.connections[connection_index];
  if (sender_gone(client_id, request.client_incarnation)) {
    return;  // the connection this request came on is gone
  }
  const Duration delay = choose(ChoiceKind::reply_delay, connection_index,
                                world_.config->network.reply_delay, request.command.name());
  TrueTime arrival = world_.now + delay;
  if (!connection.replies.empty()) arrival = std::max(arrival, connection.replies.back().arrival);
  connection.replies.push_back({request.id, arrival, std::move(reply)});
  schedule_deliveries(connection_index);
}

void Transition::schedule_deliveries(uint32_t connection_index) {
  Connection& connection = world_.connections[connection_index];
  const bool paused = client(world_.client_of(connection_index)).status == ProcessStatus::paused;
  while (connection.deliveries < connection.replies.size() &&
         (connection.deliveries == 0 || paused)) {
    const TrueTime arrival = connection.replies[connection.deliveries].arrival;
    world_.queue.push(std::max(arrival, world_.now), EventKind::deliver_reply, connection_index);
    ++connection.deliveries;
  }
}

void Transition::deliver_reply(const Event& event) {
  const uint32_t connection_index = event.subject;
  const ClientId id = world_.client_of(connection_index);
  Connection& connection = world_.connections[connection_index];
  LOCKSIM_ASSERT(connection.deliveries > 0 && connection.deliveries <= connection.replies.size(),
                 "reply delivery on connection {} with {} deliveries for {} replies in flight",
                 connection_index, connection.deliveries, connection.replies.size());
  if (deferred_by_pause(event, id)) {
    schedule_deliveries(connection_index);  // the replies behind this one still arrive
    return;
  }
  InFlightReply reply = std::move(connection.replies.front());
  connection.replies.erase(connection.replies.begin());
  --connection.deliveries;
  schedule_deliveries(connection_index);
  ClientState& state = client(id);
  const auto outstanding =
      std::find_if(state.outstanding.begin(), state.outstanding.end(),
                   [&](const OutstandingRequest& r) { return r.id == reply.id; });
  const ServerId server = world_.server_of(connection_index);
  if (outstanding == state.outstanding.end()) {
    trace_request("drop", id, server, reply.id, [] { return "late reply ignored"; });
    return;
  }
  const Response response{server, outstanding->tag, std::move(reply.reply)};
  state.outstanding.erase(outstanding);
  world_.queue.cancel(EventKind::request_timeout, id.index, reply.id);
  trace_request("reply", id, server, reply.id,
                [&] { return redis::to_trace_string(*response.reply); });
  run_algorithm(id, [&](LockAlgorithm& algorithm, Effects& effects) {
    algorithm.on_response(context(id), response, effects);
  });
}

auto Transition::route(ClientId id, ServerId server) const -> ServerId {
  const ClientSettings& settings = world_.config->clients[id.index];
  const uint32_t databases = world_.config->active_active_databases;
  if (server.index < databases) return ServerId{settings.region * databases + server.index};
  if (!settings.follow_master) return server;
  const std::optional<ServerId> master = world_.servers[server.index].master;
  return master ? *master : server;
}

auto Transition::sender_gone(ClientId id, uint32_t incarnation) -> bool {
  const ClientState& state = client(id);
  return state.status == ProcessStatus::crashed || state.incarnation != incarnation;
}

void Transition::free_if_sender_gone(uint32_t connection_index, const InFlightRequest& request) {
  const ClientId id = world_.client_of(connection_index);
  const Connection& connection = world_.connections[connection_index];
  if (!sender_gone(id, request.client_incarnation)) return;
  if (!connection.requests.empty() &&
      connection.requests.front().client_incarnation == request.client_incarnation) {
    return;  // more of what it sent is still to be read
  }
  world_.servers[world_.server_of(connection_index).index].redis.sessions.drop(id.index);
}

void Transition::reset_connection(uint32_t connection_index) {
  Connection& connection = world_.connections[connection_index];
  connection.requests.clear();
  connection.replies.clear();
  connection.deliveries = 0;
  connection.request_waiting = false;
  if (connection.script) connection.script->detached = true;
  // The server frees the client, with its transaction and watches.
  world_.servers[world_.server_of(connection_index).index].redis.sessions.drop(
      world_.client_of(connection_index).index);
  world_.queue.remove_if([&](const Event& e) {
    return (e.kind == EventKind::deliver_request || e.kind == EventKind::deliver_reply) &&
           e.subject == connection_index;
  });
  // A reply delivery may also wait in the client's pause queue.
  std::erase_if(client(world_.client_of(connection_index)).deferred, [&](const Event& e) {
    return e.kind == EventKind::deliver_reply && e.subject == connection_index;
  });
}

void Transition::partition(uint32_t index, bool begin) {
  const ScheduledPartition& plan = world_.config->faults.partitions[index];
  set_partitioned(world_.connection_index(plan.client, plan.server), begin);
}

void Transition::set_partitioned(uint32_t connection_index, bool partitioned) {
  world_.connections[connection_index].partitioned = partitioned;
  // Messages caught in flight are lost and the connection resets.
  if (partitioned) reset_connection(connection_index);
  trace(partitioned ? "partition" : "heal", world_.client_of(connection_index),
        world_.server_of(connection_index), [] { return std::string(); });
}

// A recurring cut overlapping a scheduled partition of the same link heals it at its own end.
void Transition::link_down(uint32_t connection_index, uint32_t scheduled) {
  const RecurringFault& fault = world_.config->faults.link_down;
  recur(scheduled, fault, ChoiceKind::link_down_interval, EventKind::link_down, connection_index);
  if (world_.connections[connection_index].partitioned) return;
  const Duration length =
      fault_length(scheduled, fault, ChoiceKind::link_down_length, connection_index);
  world_.queue.push(world_.now + length, EventKind::link_up, connection_index);
  set_partitioned(connection_index, true);
}

void Transition::link_up(uint32_t connection_index) {
  set_partitioned(connection_index, false);
}

}  // namespace locksim::detail
