// Replication: updates and acknowledgements between masters and replicas, full resyncs,
// promotion and automatic failover, and WAIT.
#include "sim/redis/wait_command.hpp"
#include "sim/world/transition.hpp"

namespace locksim::detail {
namespace {

auto version_of(const ServerState& server, std::string_view key) -> std::optional<CrdtVersion> {
  for (const CrdtKey& known : server.versions) {
    if (known.key == key) return known.version;
  }
  return std::nullopt;
}

void store_version(ServerState& server, const std::string& key, CrdtVersion version) {
  for (CrdtKey& known : server.versions) {
    if (known.key == key) {
      known.version = std::move(version);
      return;
    }
  }
  server.versions.push_back({key, std::move(version)});
}

auto optional_entry(const redis::Entry* entry) -> std::optional<redis::Entry> {
  return entry ? std::optional<redis::Entry>(*entry) : std::nullopt;
}

}  // namespace

void Transition::propagate(ServerId master, const std::vector<std::string>& keys) {
  if (world_.config->active_active_databases > 0) {
    return propagate_to_peers(master, keys);
  }
  ServerState& server = world_.servers[master.index];
  if (!has_replicas(world_, master)) {
    ++server.replication_offset;  // WAIT still counts writes; nobody to send them to
    return;
  }
  const ReplicationUpdate update{.offset = ++server.replication_offset,
                                 .changes = redis::collect_changes(server.redis.keyspace, keys)};
  for (uint32_t s = 0; s < world_.servers.size(); ++s) {
    if (world_.servers[s].master == master && world_.servers[s].up) {
      send_update(ServerId{s}, update);
    }
  }
}

void Transition::propagate_to_peers(ServerId instance, const std::vector<std::string>& keys) {
  ServerState& server = world_.servers[instance.index];
  const int64_t now_ms = server.clock.wall(world_.now).unix_ms();
  const uint32_t databases = world_.config->active_active_databases;
  const auto regions = static_cast<uint32_t>(world_.servers.size()) / databases;
  const uint32_t region = instance.index / databases;
  ReplicationUpdate update{.offset = ++server.replication_offset};
  for (redis::KeyChange& change : redis::collect_changes(server.redis.keyspace, keys)) {
    const std::optional<CrdtVersion> known = version_of(server, change.key);
    // A key another instance's write set to expire, expired here: its owner sends the DEL.
    const bool expired_elsewhere = !change.entry && known && known->writer != region &&
                                   known->expire_at_ms && *known->expire_at_ms < now_ms;
    if (expired_elsewhere) continue;
    CrdtVersion version = next_version(known, region, regions, now_ms, change.entry);
    store_version(server, change.key, version);
    update.changes.push_back(std::move(change));
    update.versions.push_back(std::move(version));
  }
  if (update.changes.empty()) return;
  for (const ServerId peer : active_active_peers(world_, instance)) {
    if (world_.servers[peer.index].up) send_update(peer, update);
  }
}

void Transition::merge_from_peer(ServerId instance, const ReplicationUpdate& update) {
  ServerState& server = world_.servers[instance.index];
  for (size_t i = 0; i < update.changes.size(); ++i) {
    const redis::KeyChange& change = update.changes[i];
    const CrdtVersion& incoming = update.versions[i];
    const std::optional<CrdtVersion> local = version_of(server, change.key);
    if (incoming_wins(local, optional_entry(server.redis.keyspace.raw(change.key)), incoming,
                      change.entry)) {
      redis::apply_changes(server.redis, {change}, false);
      store_version(server, change.key, local ? settled(incoming, *local) : incoming);
    } else {
      store_version(server, change.key, settled(*local, incoming));
    }
  }
}

void Transition::send_versions(ServerId from, ServerId to) {
  const ServerState& server = world_.servers[from.index];
  ReplicationUpdate update{.offset = server.replication_offset};
  for (const CrdtKey& known : server.versions) {
    update.changes.push_back({known.key, optional_entry(server.redis.keyspace.raw(known.key))});
    update.versions.push_back(known.version);
  }
  if (!update.changes.empty()) send_update(to, std::move(update));
}

void Transition::send_full_sync(ServerId master, ServerId replica) {
  const ServerState& server = world_.servers[master.index];
  send_update(replica, {.offset = server.replication_offset,
                        .full = true,
                        .changes = redis::full_copy(server.redis.keyspace)});
}

void Transition::send_update(ServerId replica, ReplicationUpdate update) {
  ServerState& server = world_.servers[replica.index];
  const Duration lag =
      choose(ChoiceKind::replication_lag, replica.index, world_.config->replication.lag);
  update.arrival = world_.now + lag;
  if (!server.inbound.empty())
    update.arrival = std::max(update.arrival, server.inbound.back().arrival);
  server.inbound.push_back(std::move(update));
  if (server.inbound.size() == 1) {
    world_.queue.push(server.inbound.front().arrival, EventKind::deliver_replication,
                      replica.index);
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
  if (!update.versions.empty()) {
    merge_from_peer(replica, update);
    sync_if_always(replica);
    trace("replicate", std::nullopt, replica,
          [&] { return fmt::format("{} keys from a peer", update.changes.size()); });
    return;
  }
  redis::apply_changes(server.redis, update.changes, update.full);
  server.applied_offset = update.offset;
  send_ack(replica);
  sync_if_always(replica);
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
  const Duration lag =
      choose(ChoiceKind::replication_lag, replica.index, world_.config->replication.lag);
  TrueTime arrival = world_.now + lag;
  if (!server.outbound_acks.empty())
    arrival = std::max(arrival, server.outbound_acks.back().arrival);
  server.outbound_acks.push_back({arrival, server.applied_offset});
  if (server.outbound_acks.size() == 1) {
    world_.queue.push(arrival, EventKind::deliver_ack, replica.index);
  }
}

void Transition::deliver_ack(ServerId replica) {
  ServerState& server = world_.servers[replica.index];
  LOCKSIM_ASSERT(!server.outbound_acks.empty(), "ack delivery from {} with none in flight",
                 replica);
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
  trace_request("apply", client_id, server_id, request.id, [&] {
    return fmt::format("{} -> {}", request.command,
                       count >= wait.replicas ? fmt::format("{} now", count) : "blocked");
  });
  if (count >= wait.replicas)
    return send_reply(connection_index, request, redis::Reply::number(count));
  server.waiting.push_back(
      {connection_index, request.id, request.client_incarnation, offset, wait.replicas});
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

// INFO as Redis 7.0 writes its replication section (src/server.c genRedisInfoString): the role,
// and for a master the replicas connected to it (here: those up that follow it).
void Transition::answer_info(uint32_t connection_index, const InFlightRequest& request) {
  const ServerId server_id = world_.server_of(connection_index);
  const ServerState& server = world_.servers[server_id.index];
  int64_t connected = 0;
  for (const ServerState& other : world_.servers) {
    if (other.master == server_id && other.up) ++connected;
  }
  std::string text =
      server.master ? "# Replication\r\nrole:slave\r\n" : "# Replication\r\nrole:master\r\n";
  if (!server.master) text += fmt::format("connected_slaves:{}\r\n", connected);
  trace_request("apply", world_.client_of(connection_index), server_id, request.id, [&] {
    return fmt::format("{} -> connected_slaves:{}", request.command, connected);
  });
  send_reply(connection_index, request, redis::Reply::bulk(std::move(text)));
}

void Transition::wait_timeout(uint32_t connection_index, uint32_t request_id) {
  release_waits(world_.server_of(connection_index), true, request_id);
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

}  // namespace locksim::detail
