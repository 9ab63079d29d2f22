// The transition function; see step.hpp. Each event kind has one handler; algorithms are called
// through the client's Program and their effects applied here.
#include "sim/world/step.hpp"

#include <algorithm>

#include "sim/core/assert.hpp"
#include "sim/redis/commands.hpp"
#include "sim/redis/wait_command.hpp"

namespace locksim {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};

class Transition {
 public:
  Transition(World& world, Chooser& chooser, Tracer* tracer)
      : world_(world), chooser_(chooser), tracer_(tracer) {}

  void fire(const Event& event);

 private:
  auto client(ClientId id) -> ClientState& { return world_.clients[id.index]; }
  auto context(ClientId id) -> ClientContext;
  auto choose(ChoiceKind kind, uint32_t subject, const Distribution& distribution) -> Duration {
    return chooser_.choose({kind, subject, &distribution});
  }
  template <class MakeDetail>
  void trace(std::string_view kind, std::optional<ClientId> who, std::optional<ServerId> server,
             MakeDetail make_detail) {
    if (tracer_) tracer_->record(world_, {world_.now, kind, who, server, make_detail()});
  }
  // True when the event waits for the client to resume.
  auto deferred_by_pause(const Event& event, ClientId id) -> bool;

  void start_client(ClientId id);
  void deliver_request(uint32_t connection_index);
  void deliver_reply(const Event& event);
  void client_timer(ClientId id, TimerKind kind);
  void request_timeout(ClientId id, uint32_t request_id);
  void lease_end(ClientId id);
  void pause_begin(ClientId id);
  void pause_end(ClientId id);
  void client_crash(ClientId id);
  void client_restart(ClientId id);
  void server_crash(ServerId id);
  void server_restart(ServerId id);
  void server_cron(ServerId id);
  void schedule_cron(ServerId id);
  void active_expiry(ServerId id);
  // Replication: a master sends what a command changed to every replica that is up.
  void propagate(ServerId master, std::vector<std::string> keys);
  void send_full_sync(ServerId master, ServerId replica);
  void send_update(ServerId replica, ReplicationUpdate update);
  void deliver_replication(ServerId replica);
  void break_link(ServerId replica);
  void promote(ServerId replica, std::string_view why);
  // WAIT: answered at once when enough replicas have acknowledged, else blocked.
  void start_wait(uint32_t connection_index, const InFlightRequest& request);
  auto acknowledged(ServerId master, uint64_t offset) const -> int64_t;
  void release_waits(ServerId master, bool timed_out, std::optional<uint32_t> only_request);
  void send_ack(ServerId replica);
  void deliver_ack(ServerId replica);
  void wait_timeout(uint32_t connection_index, uint32_t request_id);
  void forget_replication_state(ServerId id);
  void failover(ServerId crashed_master);
  // Where a client's command for `server` goes: there, or to its master if the client follows
  // Sentinel and the server is now a replica.
  auto route(ClientId id, ServerId server) const -> ServerId;
  void clock_step(uint32_t index);
  void partition(uint32_t index, bool begin);

  // Calls the client's algorithm and applies the effects it emits, in order.
  template <class Call>
  void run_algorithm(ClientId id, Call call) {
    LOCKSIM_ASSERT(client(id).status == ProcessStatus::running, "{} runs while not running", id);
    // One buffer per thread, reused: algorithms are never re-entered while effects apply.
    thread_local Effects effects;
    effects.list().clear();
    call(*client(id).program.operator->(), effects);
    for (Effect& effect : effects.list()) apply(id, effect);
    effects.list().clear();
  }
  void apply(ClientId id, Effect& effect);
  void send_request(ClientId id, ServerId server, uint32_t tag, redis::Command command);
  void send_reply(uint32_t connection_index, const InFlightRequest& request, redis::Reply reply);
  void arm_timer(ClientId id, TimerKind kind, Duration after);
  void end_belief(ClientId id, std::string_view why);
  // Drops everything in flight on a connection, as a reset does.
  void reset_connection(uint32_t connection_index);
  void schedule_next(const RecurringFault& fault, ChoiceKind kind, EventKind event,
                     uint32_t subject);

  World& world_;
  Chooser& chooser_;
  Tracer* tracer_;
};

auto Transition::context(ClientId id) -> ClientContext {
  const ClientState& state = client(id);
  return ClientContext{.client = id,
                       .incarnation = state.incarnation,
                       .server_count = static_cast<uint32_t>(world_.servers.size()),
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
    case EventKind::pause_begin: return pause_begin(who);
    case EventKind::pause_end: return pause_end(who);
    case EventKind::client_crash: return client_crash(who);
    case EventKind::client_restart: return client_restart(who);
    case EventKind::server_crash: return server_crash(ServerId{event.subject});
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

void Transition::start_client(ClientId id) {
  trace("start", id, std::nullopt, [&] { return fmt::format("{}", client(id).program->name()); });
  run_algorithm(id, [&](LockAlgorithm& algorithm, Effects& effects) {
    algorithm.start(context(id), effects);
  });
}

void Transition::apply(ClientId id, Effect& effect) {
  std::visit(
      Overloaded{
          [&](effect::Send& send) { send_request(id, send.server, send.tag, std::move(send.command)); },
          [&](const effect::SetTimer& timer) {
            arm_timer(id, timer.kind,
                      choose(timer.purpose, id.index, *timer.distribution));
          },
          [&](const effect::CancelTimer& timer) {
            world_.queue.remove_if([&](const Event& e) {
              return e.kind == EventKind::client_timer && e.subject == id.index &&
                     e.detail == static_cast<uint32_t>(timer.kind);
            });
          },
          [&](const effect::Acquired& acquired) {
            Belief& belief = client(id).belief;
            LOCKSIM_ASSERT(!belief.holding, "{} acquired while it already believes it holds", id);
            belief = Belief{true, world_.now, acquired.lease_end};
            if (acquired.lease_end) {
              const TrueTime at =
                  client(id).clock.when_monotonic_reaches(*acquired.lease_end, world_.now);
              world_.queue.push(at, EventKind::lease_end, id.index);
            }
            trace("acquired", id, std::nullopt, [&] {
              return acquired.lease_end
                         ? fmt::format("lease until monotonic {}",
                                       Duration{acquired.lease_end->us})
                         : std::string("no lease");
            });
          },
          [&](const effect::Released&) { end_belief(id, "released"); },
          [&](const effect::WriteResource& write) {
            ++world_.resource.writes;
            if (write.fencing_token) {
              world_.resource.highest_token =
                  std::max(world_.resource.highest_token.value_or(0), *write.fencing_token);
            }
            trace("write", id, std::nullopt, [&] {
              return write.fencing_token ? fmt::format("token {}", *write.fencing_token)
                                         : std::string("unfenced");
            });
          },
      },
      effect);
}

void Transition::arm_timer(ClientId id, TimerKind kind, Duration after) {
  world_.queue.remove_if([&](const Event& e) {
    return e.kind == EventKind::client_timer && e.subject == id.index &&
           e.detail == static_cast<uint32_t>(kind);
  });
  const NodeClock& clock = client(id).clock;
  const TrueTime at = clock.when_monotonic_reaches(clock.monotonic(world_.now) + after, world_.now);
  world_.queue.push(at, EventKind::client_timer, id.index, static_cast<uint32_t>(kind));
}

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
  const Duration delay = choose(ChoiceKind::request_delay, index, world_.config->network.request_delay);
  TrueTime arrival = world_.now + delay;
  if (!connection.requests.empty()) arrival = std::max(arrival, connection.requests.back().arrival);
  trace("send", id, server, [&] { return fmt::format("#{} {}", request_id, command); });
  connection.requests.push_back({request_id, state.incarnation, arrival, std::move(command)});
  if (connection.requests.size() == 1) world_.queue.push(arrival, EventKind::deliver_request, index);
}

void Transition::deliver_request(uint32_t connection_index) {
  Connection& connection = world_.connections[connection_index];
  LOCKSIM_ASSERT(!connection.requests.empty(), "delivery on connection {} with nothing in flight",
                 connection_index);
  const InFlightRequest request = std::move(connection.requests.front());
  connection.requests.erase(connection.requests.begin());
  if (!connection.requests.empty()) {
    world_.queue.push(connection.requests.front().arrival, EventKind::deliver_request,
                      connection_index);
  }
  const ServerId server_id = world_.server_of(connection_index);
  const ClientId client_id = world_.client_of(connection_index);
  ServerState& server = world_.servers[server_id.index];
  if (!server.up) {
    trace("drop", client_id, server_id, [&] { return fmt::format("#{} server down", request.id); });
    return;
  }
  if (redis::is_wait(request.command)) return start_wait(connection_index, request);
  const int64_t now_ms = server.clock.wall(world_.now).unix_ms();
  const uint64_t dirty_before = server.redis.dirty;
  std::vector<std::string> changed;
  redis::Reply reply = redis::execute(server.redis, request.command, now_ms,
                                      {.replica = server.master.has_value(), .changed_keys = &changed});
  if (!changed.empty() && !server.master) {
    propagate(server_id, std::move(changed));
    server.client_write_offsets[client_id.index] = server.replication_offset;
  }
  const PersistenceSettings& persistence = world_.config->servers[server_id.index].persistence;
  if (persistence.mode == PersistenceSettings::Mode::aof_always &&
      server.redis.dirty != dirty_before) {
    server.disk.keyspace = server.redis.keyspace;  // appended and fsynced before the reply
  }
  trace("apply", client_id, server_id, [&] {
    return fmt::format("#{} {} -> {} (server clock {} ms)", request.id, request.command, reply,
                       now_ms);
  });
  send_reply(connection_index, request, std::move(reply));
}

void Transition::send_reply(uint32_t connection_index, const InFlightRequest& request,
                            redis::Reply reply) {
  const ClientId client_id = world_.client_of(connection_index);
  const ClientState& state = client(client_id);
  Connection& connection = world_.connections[connection_index];
  if (state.status == ProcessStatus::crashed || state.incarnation != request.client_incarnation) {
    return;  // the connection this request came on is gone
  }
  const Duration delay = choose(ChoiceKind::reply_delay, connection_index,
                                world_.config->network.reply_delay);
  TrueTime arrival = world_.now + delay;
  if (!connection.replies.empty()) arrival = std::max(arrival, connection.replies.back().arrival);
  connection.replies.push_back({request.id, arrival, std::move(reply)});
  if (connection.replies.size() == 1) {
    world_.queue.push(arrival, EventKind::deliver_reply, connection_index);
  }
}

void Transition::deliver_reply(const Event& event) {
  const uint32_t connection_index = event.subject;
  const ClientId id = world_.client_of(connection_index);
  if (deferred_by_pause(event, id)) return;
  Connection& connection = world_.connections[connection_index];
  LOCKSIM_ASSERT(!connection.replies.empty(), "reply delivery on connection {} with none in flight",
                 connection_index);
  InFlightReply reply = std::move(connection.replies.front());
  connection.replies.erase(connection.replies.begin());
  if (!connection.replies.empty()) {
    world_.queue.push(connection.replies.front().arrival, EventKind::deliver_reply,
                      connection_index);
  }
  ClientState& state = client(id);
  const auto outstanding = std::find_if(state.outstanding.begin(), state.outstanding.end(),
                                        [&](const OutstandingRequest& r) { return r.id == reply.id; });
  const ServerId server = world_.server_of(connection_index);
  if (outstanding == state.outstanding.end()) {
    trace("drop", id, server, [&] { return fmt::format("#{} late reply ignored", reply.id); });
    return;
  }
  const Response response{server, outstanding->tag, std::move(reply.reply)};
  state.outstanding.erase(outstanding);
  world_.queue.remove_if([&](const Event& e) {
    return e.kind == EventKind::request_timeout && e.subject == id.index && e.detail == reply.id;
  });
  trace("reply", id, server, [&] { return fmt::format("#{} {}", reply.id, *response.reply); });
  run_algorithm(id, [&](LockAlgorithm& algorithm, Effects& effects) {
    algorithm.on_response(context(id), response, effects);
  });
}

void Transition::client_timer(ClientId id, TimerKind kind) {
  trace("timer", id, std::nullopt, [&] { return std::string(to_string(kind)); });
  run_algorithm(id, [&](LockAlgorithm& algorithm, Effects& effects) {
    algorithm.on_timer(context(id), kind, effects);
  });
}

void Transition::request_timeout(ClientId id, uint32_t request_id) {
  ClientState& state = client(id);
  const auto outstanding = std::find_if(state.outstanding.begin(), state.outstanding.end(),
                                        [&](const OutstandingRequest& r) { return r.id == request_id; });
  LOCKSIM_ASSERT(outstanding != state.outstanding.end(), "timeout of unknown request #{} of {}",
                 request_id, id);
  const Response response{outstanding->server, outstanding->tag, std::nullopt};
  state.outstanding.erase(outstanding);
  trace("timeout", id, response.server, [&] { return fmt::format("#{} outcome unknown", request_id); });
  run_algorithm(id, [&](LockAlgorithm& algorithm, Effects& effects) {
    algorithm.on_response(context(id), response, effects);
  });
}

void Transition::lease_end(ClientId id) {
  LOCKSIM_ASSERT(client(id).belief.holding, "lease end for {} which holds nothing", id);
  end_belief(id, "lease over by its own clock");
}

void Transition::end_belief(ClientId id, std::string_view why) {
  Belief& belief = client(id).belief;
  if (!belief.holding) return;
  belief = Belief{};
  world_.queue.remove_if(
      [&](const Event& e) { return e.kind == EventKind::lease_end && e.subject == id.index; });
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

void Transition::pause_begin(ClientId id) {
  const RecurringFault& fault = world_.config->faults.client_pause;
  schedule_next(fault, ChoiceKind::pause_interval, EventKind::pause_begin, id.index);
  ClientState& state = client(id);
  if (state.status != ProcessStatus::running) return;
  const Duration length = choose(ChoiceKind::pause_length, id.index, fault.length);
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

void Transition::client_crash(ClientId id) {
  schedule_next(world_.config->faults.client_crash, ChoiceKind::client_crash_interval,
                EventKind::client_crash, id.index);
  ClientState& state = client(id);
  if (state.status == ProcessStatus::crashed) return;
  end_belief(id, "crashed");
  state.status = ProcessStatus::crashed;
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
  // Commands already sent still reach their servers; replies to them go nowhere.
  for (uint32_t s = 0; s < world_.servers.size(); ++s) {
    world_.connections[world_.connection_index(id, ServerId{s})].replies.clear();
  }
  const Duration downtime =
      choose(ChoiceKind::client_downtime, id.index, world_.config->faults.client_crash.length);
  world_.queue.push(world_.now + downtime, EventKind::client_restart, id.index);
  trace("crash", id, std::nullopt, [&] { return fmt::format("down for {}", downtime); });
}

void Transition::client_restart(ClientId id) {
  ClientState& state = client(id);
  LOCKSIM_ASSERT(state.status == ProcessStatus::crashed, "{} restarts but is not crashed", id);
  state.status = ProcessStatus::running;
  ++state.incarnation;
  state.program = world_.config->clients[id.index].program;  // all volatile state is lost
  trace("restart", id, std::nullopt, [&] { return fmt::format("incarnation {}", state.incarnation); });
  start_client(id);
}

void Transition::active_expiry(ServerId id) {
  ServerState& server = world_.servers[id.index];
  const int64_t now_ms = server.clock.wall(world_.now).unix_ms();
  std::vector<std::string> expired = redis::expire_stale_keys(server.redis.keyspace, now_ms);
  if (expired.empty()) return;
  trace("expire", std::nullopt, id, [&] { return fmt::format("{} keys", expired.size()); });
  propagate(id, std::move(expired));
}

void Transition::propagate(ServerId master, std::vector<std::string> keys) {
  ServerState& server = world_.servers[master.index];
  const bool any_replica = std::any_of(world_.servers.begin(), world_.servers.end(),
                                       [&](const ServerState& s) { return s.master == master; });
  if (!any_replica) {
    ++server.replication_offset;  // WAIT still counts writes; nobody to send them to
    return;
  }
  const ReplicationUpdate update{
      .offset = ++server.replication_offset,
      .changes = redis::collect_changes(server.redis.keyspace, std::move(keys))};
  for (uint32_t s = 0; s < world_.servers.size(); ++s) {
    if (world_.servers[s].master == master && world_.servers[s].up) {
      send_update(ServerId{s}, update);
    }
  }
}

void Transition::send_full_sync(ServerId master, ServerId replica) {
  const ServerState& server = world_.servers[master.index];
  send_update(replica, {.offset = server.replication_offset,
                        .full = true,
                        .changes = redis::full_copy(server.redis.keyspace)});
}

void Transition::send_update(ServerId replica, ReplicationUpdate update) {
  ServerState& server = world_.servers[replica.index];
  const Duration lag = choose(ChoiceKind::replication_lag, replica.index,
                             world_.config->replication.lag);
  update.arrival = world_.now + lag;
  if (!server.inbound.empty()) update.arrival = std::max(update.arrival, server.inbound.back().arrival);
  server.inbound.push_back(std::move(update));
  if (server.inbound.size() == 1) {
    world_.queue.push(server.inbound.front().arrival, EventKind::deliver_replication, replica.index);
  }
}

// The master's writes apply verbatim: a replica never judges expiry on what its master sends.
void Transition::deliver_replication(ServerId replica) {
  ServerState& server = world_.servers[replica.index];
  LOCKSIM_ASSERT(!server.inbound.empty(), "replication delivery to {} with nothing in flight",
                 replica);
  const ReplicationUpdate update = std::move(server.inbound.front());
  server.inbound.erase(server.inbound.begin());
  if (!server.inbound.empty()) {
    world_.queue.push(server.inbound.front().arrival, EventKind::deliver_replication,
                      replica.index);
  }
  redis::apply_changes(server.redis.keyspace, update.changes, update.full);
  server.applied_offset = update.offset;
  send_ack(replica);
  if (world_.config->servers[replica.index].persistence.mode ==
      PersistenceSettings::Mode::aof_always) {
    server.disk.keyspace = server.redis.keyspace;
  }
  trace("replicate", std::nullopt, replica, [&] {
    return fmt::format("{}{} keys", update.full ? "full sync, " : "", update.changes.size());
  });
}

void Transition::break_link(ServerId replica) {
  world_.servers[replica.index].inbound.clear();
  world_.servers[replica.index].outbound_acks.clear();
  world_.queue.remove_if([&](const Event& e) {
    return (e.kind == EventKind::deliver_replication || e.kind == EventKind::deliver_ack) &&
           e.subject == replica.index;
  });
}

// Replicas acknowledge what they applied (Redis: REPLCONF ACK, asked for at once by WAIT's
// GETACK), over the same kind of link back to their master.
void Transition::send_ack(ServerId replica) {
  ServerState& server = world_.servers[replica.index];
  const Duration lag = choose(ChoiceKind::replication_lag, replica.index,
                             world_.config->replication.lag);
  TrueTime arrival = world_.now + lag;
  if (!server.outbound_acks.empty()) arrival = std::max(arrival, server.outbound_acks.back().arrival);
  server.outbound_acks.push_back({arrival, server.applied_offset});
  if (server.outbound_acks.size() == 1) {
    world_.queue.push(arrival, EventKind::deliver_ack, replica.index);
  }
}

void Transition::deliver_ack(ServerId replica) {
  ServerState& server = world_.servers[replica.index];
  LOCKSIM_ASSERT(!server.outbound_acks.empty(), "ack delivery from {} with none in flight", replica);
  const ReplicaAck ack = server.outbound_acks.front();
  server.outbound_acks.erase(server.outbound_acks.begin());
  if (!server.outbound_acks.empty()) {
    world_.queue.push(server.outbound_acks.front().arrival, EventKind::deliver_ack, replica.index);
  }
  if (!server.master || !world_.servers[server.master->index].up) return;
  uint64_t& acked = world_.servers[server.master->index].replica_acks[replica.index];
  acked = std::max(acked, ack.offset);
  release_waits(*server.master, false, std::nullopt);
}

auto Transition::acknowledged(ServerId master, uint64_t offset) const -> int64_t {
  int64_t count = 0;
  for (uint32_t s = 0; s < world_.servers.size(); ++s) {
    const ServerState& server = world_.servers[s];
    if (server.master == master && world_.servers[master.index].replica_acks[s] >= offset) ++count;
  }
  return count;
}

void Transition::start_wait(uint32_t connection_index, const InFlightRequest& request) {
  const ServerId server_id = world_.server_of(connection_index);
  const ClientId client_id = world_.client_of(connection_index);
  ServerState& server = world_.servers[server_id.index];
  const auto parsed = redis::parse_wait(request.command, server.master.has_value());
  if (const auto* error = std::get_if<redis::Reply>(&parsed)) {
    return send_reply(connection_index, request, *error);
  }
  const redis::WaitRequest wait = std::get<redis::WaitRequest>(parsed);
  const uint64_t offset = server.client_write_offsets[client_id.index];
  const int64_t count = acknowledged(server_id, offset);
  trace("apply", client_id, server_id, [&] {
    return fmt::format("#{} {} -> {}", request.id, request.command,
                       count >= wait.replicas ? fmt::format("{} now", count) : "blocked");
  });
  if (count >= wait.replicas) return send_reply(connection_index, request, redis::Reply::number(count));
  server.waiting.push_back({connection_index, request.id, request.client_incarnation, offset,
                            wait.replicas});
  if (wait.timeout_ms > 0) {
    const TrueTime at = server.clock.when_monotonic_reaches(
        server.clock.monotonic(world_.now) + Duration::millis(wait.timeout_ms), world_.now);
    world_.queue.push(at, EventKind::wait_timeout, connection_index, request.id);
  }
}

// Answers the blocked WAITs of a master that now have enough acknowledgements (or, timed out,
// the one named), with the count at this moment.
void Transition::release_waits(ServerId master, bool timed_out,
                               std::optional<uint32_t> only_request) {
  ServerState& server = world_.servers[master.index];
  for (size_t i = 0; i < server.waiting.size();) {
    const BlockedWait wait = server.waiting[i];
    const int64_t count = acknowledged(master, wait.offset);
    const bool chosen = only_request ? wait.request_id == *only_request : true;
    if (!chosen || (!timed_out && count < wait.replicas)) {
      ++i;
      continue;
    }
    server.waiting.erase(server.waiting.begin() + static_cast<ptrdiff_t>(i));
    world_.queue.remove_if([&](const Event& e) {
      return e.kind == EventKind::wait_timeout && e.subject == wait.connection &&
             e.detail == wait.request_id;
    });
    send_reply(wait.connection, InFlightRequest{wait.request_id, wait.client_incarnation, {}, {}},
               redis::Reply::number(count));
  }
}

void Transition::wait_timeout(uint32_t connection_index, uint32_t request_id) {
  release_waits(world_.server_of(connection_index), true, request_id);
}

// What a server forgets when it crashes: its replication offsets, acknowledgements and blocked
// clients (their WAITs are never answered; their requests time out).
void Transition::forget_replication_state(ServerId id) {
  ServerState& server = world_.servers[id.index];
  server.replication_offset = 0;
  server.applied_offset = 0;
  std::fill(server.replica_acks.begin(), server.replica_acks.end(), 0);
  std::fill(server.client_write_offsets.begin(), server.client_write_offsets.end(), 0);
  server.waiting.clear();
  world_.queue.remove_if([&](const Event& e) {
    return e.kind == EventKind::wait_timeout && world_.server_of(e.subject) == id;
  });
}

auto Transition::route(ClientId id, ServerId server) const -> ServerId {
  if (!world_.config->clients[id.index].follow_master) return server;
  const std::optional<ServerId> master = world_.servers[server.index].master;
  return master ? *master : server;
}

void Transition::failover(ServerId crashed_master) {
  if (world_.servers[crashed_master.index].up) return;  // it came back before Sentinel acted
  for (uint32_t s = 0; s < world_.servers.size(); ++s) {
    if (world_.servers[s].master == crashed_master && world_.servers[s].up) {
      return promote(ServerId{s}, fmt::format("failover of {}", crashed_master));
    }
  }
}

// The replica becomes a master and starts expiring keys itself; its old master and the other
// replicas follow it (an old master that is down follows it once it is back).
void Transition::promote(ServerId replica, std::string_view why) {
  ServerState& promoted = world_.servers[replica.index];
  if (!promoted.up || !promoted.master) return;
  const ServerId old_master = *promoted.master;
  break_link(replica);
  promoted.master.reset();
  promoted.replication_offset = promoted.applied_offset;  // PSYNC2 keeps counting from here
  for (uint32_t s = 0; s < world_.servers.size(); ++s) {
    ServerState& server = world_.servers[s];
    if (s == replica.index || (s != old_master.index && server.master != old_master)) continue;
    server.master = replica;
    break_link(ServerId{s});
    if (server.up) send_full_sync(replica, ServerId{s});
  }
  // As a master with replicas it now expires keys actively: its cron follows its new role.
  world_.queue.remove_if([&](const Event& e) {
    return e.kind == EventKind::server_cron && e.subject == replica.index;
  });
  if (needs_cron(world_, replica)) schedule_cron(replica);
  trace("promote", std::nullopt, replica, [&] { return std::string(why); });
}

void Transition::reset_connection(uint32_t connection_index) {
  Connection& connection = world_.connections[connection_index];
  connection.requests.clear();
  connection.replies.clear();
  world_.queue.remove_if([&](const Event& e) {
    return (e.kind == EventKind::deliver_request || e.kind == EventKind::deliver_reply) &&
           e.subject == connection_index;
  });
  // A reply delivery may also wait in the client's pause queue.
  std::erase_if(client(world_.client_of(connection_index)).deferred, [&](const Event& e) {
    return e.kind == EventKind::deliver_reply && e.subject == connection_index;
  });
}

void Transition::server_crash(ServerId id) {
  const RecurringFault& fault = world_.config->faults.server_crash;
  schedule_next(fault, ChoiceKind::server_crash_interval, EventKind::server_crash, id.index);
  ServerState& server = world_.servers[id.index];
  if (!server.up) return;
  server.up = false;
  server.redis.clear();  // memory is gone: keys, cached scripts, math.random's stream
  forget_replication_state(id);
  // Its replication links go down with it, in both roles.
  break_link(id);
  bool has_replicas = false;
  for (uint32_t s = 0; s < world_.servers.size(); ++s) {
    if (world_.servers[s].master != id) continue;
    break_link(ServerId{s});
    has_replicas = true;
  }
  if (has_replicas && !server.master && world_.config->faults.automatic_failover) {
    const Duration delay =
        choose(ChoiceKind::failover_delay, id.index, world_.config->faults.failover_delay);
    world_.queue.push(world_.now + delay, EventKind::failover, id.index);
  }
  world_.queue.remove_if([&](const Event& e) {
    return e.kind == EventKind::server_cron && e.subject == id.index;
  });
  for (uint32_t c = 0; c < world_.clients.size(); ++c) {
    reset_connection(world_.connection_index(ClientId{c}, id));
  }
  const Duration downtime = choose(ChoiceKind::server_downtime, id.index, fault.length);
  world_.queue.push(world_.now + downtime, EventKind::server_restart, id.index);
  trace("server_crash", std::nullopt, id, [&] { return fmt::format("down for {}", downtime); });
}

void Transition::server_restart(ServerId id) {
  ServerState& server = world_.servers[id.index];
  LOCKSIM_ASSERT(!server.up, "{} restarts but is up", id);
  const int64_t now_ms = server.clock.wall(world_.now).unix_ms();
  server.up = true;
  server.redis.keyspace = server.disk.keyspace.loaded_at(now_ms);
  server.disk.last_save_s = now_ms / 1000;
  server.disk.last_fsync_s = now_ms / 1000;
  if (needs_cron(world_, id)) schedule_cron(id);
  // Replicas (re)connect and take a full copy of their master's data: a master that restarts
  // empty empties its replicas too (Redis replication docs, "Safety of replication when master
  // has persistence turned off").
  if (server.master) {
    if (world_.servers[server.master->index].up) send_full_sync(*server.master, id);
  } else {
    for (uint32_t s = 0; s < world_.servers.size(); ++s) {
      if (world_.servers[s].master == id && world_.servers[s].up) send_full_sync(id, ServerId{s});
    }
  }
  trace("server_restart", std::nullopt, id, [&] {
    return fmt::format("{} keys loaded ({})", server.redis.keyspace.size(),
                       to_string(world_.config->servers[id.index].persistence.mode));
  });
}

void Transition::schedule_cron(ServerId id) {
  const NodeClock& clock = world_.servers[id.index].clock;
  const TrueTime at =
      clock.when_monotonic_reaches(clock.monotonic(world_.now) + kServerCronPeriod, world_.now);
  world_.queue.push(at, EventKind::server_cron, id.index);
}

// serverCron's duties: active expiry on a master, RDB save points, the everysec AOF fsync.
void Transition::server_cron(ServerId id) {
  schedule_cron(id);
  ServerState& server = world_.servers[id.index];
  if (!server.master) active_expiry(id);
  const PersistenceSettings& persistence = world_.config->servers[id.index].persistence;
  const int64_t now_s = server.clock.wall(world_.now).unix_ms() / 1000;
  if (persistence.mode == PersistenceSettings::Mode::aof_everysec) {
    if (now_s > server.disk.last_fsync_s) {
      server.disk.keyspace = server.redis.keyspace;
      server.disk.last_fsync_s = now_s;
    }
    return;
  }
  for (const SavePoint& point : persistence.save_points) {
    if (server.redis.dirty < point.changes) continue;
    if (now_s - server.disk.last_save_s <= point.after.us / 1'000'000) continue;
    server.disk.keyspace = server.redis.keyspace;
    server.disk.last_save_s = now_s;
    server.redis.dirty = 0;
    trace("rdb_save", std::nullopt, id,
          [&] { return fmt::format("{} keys", server.disk.keyspace.size()); });
    return;
  }
}

void Transition::clock_step(uint32_t index) {
  const ScheduledClockStep& step = world_.config->faults.clock_steps[index];
  NodeClock& clock = step.node.kind == NodeRef::Kind::client
                         ? world_.clients[step.node.index].clock
                         : world_.servers[step.node.index].clock;
  clock.step_wall(step.step);
  const auto who = step.node.kind == NodeRef::Kind::client
                       ? std::optional<ClientId>{ClientId{step.node.index}}
                       : std::nullopt;
  const auto server = step.node.kind == NodeRef::Kind::server
                          ? std::optional<ServerId>{ServerId{step.node.index}}
                          : std::nullopt;
  trace("clock_step", who, server, [&] { return fmt::format("wall clock {:+}us", step.step.us); });
}

void Transition::partition(uint32_t index, bool begin) {
  const ScheduledPartition& plan = world_.config->faults.partitions[index];
  const uint32_t connection_index = world_.connection_index(plan.client, plan.server);
  world_.connections[connection_index].partitioned = begin;
  // Messages caught in flight are lost and the connection resets.
  if (begin) reset_connection(connection_index);
  trace(begin ? "partition" : "heal", plan.client, plan.server, [] { return std::string(); });
}

}  // namespace

auto step(World& world, Chooser& chooser, Tracer* tracer) -> Event {
  LOCKSIM_ASSERT(can_step(world), "step with no pending event at {}", world.now);
  const Event event = world.queue.pop();
  LOCKSIM_ASSERT(event.at >= world.now, "event {} at {} is in the past (now {})",
                 to_string(event.kind), event.at, world.now);
  world.now = event.at;
  Transition(world, chooser, tracer).fire(event);
  return event;
}

}  // namespace locksim
