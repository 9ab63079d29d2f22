// Server processes: crashes and restarts with their persistence, the cron (active expiry, RDB
// save points, everysec fsync), and wall-clock steps.
#include "sim/redis/replication.hpp"
#include "sim/world/transition.hpp"

namespace locksim::detail {

void Transition::active_expiry(ServerId id) {
  ServerState& server = world_.servers[id.index];
  const int64_t now_ms = server.clock.wall(world_.now).unix_ms();
  std::vector<std::string> expired = redis::expire_stale_keys(server.redis, now_ms);
  if (expired.empty()) return;
  trace("expire", std::nullopt, id, [&] { return fmt::format("{} keys", expired.size()); });
  propagate(id, expired);
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

void Transition::server_crash(ServerId id, uint32_t scheduled) {
  const RecurringFault& fault = world_.config->faults.server_crash;
  recur(scheduled, fault, ChoiceKind::server_crash_interval, EventKind::server_crash, id.index);
  ServerState& server = world_.servers[id.index];
  if (!server.up) return;
  server.up = false;
  server.redis.clear();  // memory is gone: keys, cached scripts, math.random's stream
  server.versions.clear();
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
  world_.queue.remove_if(
      [&](const Event& e) { return e.kind == EventKind::server_cron && e.subject == id.index; });
  for (uint32_t c = 0; c < world_.clients.size(); ++c) {
    const uint32_t connection = world_.connection_index(ClientId{c}, id);
    reset_connection(connection);
    world_.connections[connection].script.reset();  // a running script dies with the process
  }
  world_.queue.remove_if([&](const Event& e) {
    return e.kind == EventKind::script_call && world_.server_of(e.subject) == id;
  });
  const Duration downtime = fault_length(scheduled, fault, ChoiceKind::server_downtime, id.index);
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
  if (world_.config->active_active_databases > 0) {
    // Its peers send it what they hold (the syncer's reconciliation after a restart).
    for (const ServerId peer : active_active_peers(world_, id)) {
      if (world_.servers[peer.index].up) send_versions(peer, id);
    }
  } else if (server.master) {
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

void Transition::clock_jump(ServerId id, uint32_t scheduled) {
  const RecurringFault& fault = world_.config->faults.server_clock_jump;
  recur(scheduled, fault, ChoiceKind::clock_jump_interval, EventKind::clock_jump, id.index);
  const Duration jump = fault_length(scheduled, fault, ChoiceKind::clock_jump_size, id.index);
  world_.servers[id.index].clock.step_wall(jump);
  trace("clock_step", std::nullopt, id, [&] { return fmt::format("wall clock {:+}us", jump.us); });
}

void Transition::sync_if_always(ServerId id) {
  if (world_.config->servers[id.index].persistence.mode != PersistenceSettings::Mode::aof_always) {
    return;
  }
  ServerState& server = world_.servers[id.index];
  server.disk.keyspace = server.redis.keyspace;
}

}  // namespace locksim::detail
