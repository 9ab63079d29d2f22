// The encoding of a world, exact or canonical (sim/core/state_encoder.hpp), and its fingerprint.
// It writes exactly the fields that World::operator== compares (event sequence numbers are left
// out of both), in a fixed order; the canonical mode also leaves out what only observers read
// (the resource's write counts) and writes each field as its kind asks. With an order of clients
// (symmetry), everything that belongs to or names a client is written in that order and
// renumbered: the clients, their connections, a master's per-client offsets and blocked WAITs,
// the events (event_queue.cpp), the sessions (transaction.cpp) and the strings that name a
// client (state_encoder.cpp).
#include <algorithm>

#include "sim/core/prng.hpp"
#include "sim/world/world.hpp"

namespace locksim {
namespace {

// Marks a connection's running script in its encoding ("script" in ASCII).
constexpr uint64_t kRunningScriptTag = 0x7363'7269'7074ULL;

void encode(StateEncoder& e, const Belief& belief) {
  e.add(belief.holding);
  if (!e.wants(belief.holding)) return;  // a belief that ended is Belief{}
  e.time(belief.since);
  e.add(belief.lease_end.has_value());
  if (belief.lease_end) e.monotonic(*belief.lease_end);
  e.text(belief.key);
  e.text(belief.token);
}

// A node's readings now, which the readings it keeps are written against.
void set_clocks(StateEncoder& e, const NodeClock& clock, TrueTime now) {
  e.set_node_clocks(clock.monotonic(now), clock.wall(now));
}

void encode(StateEncoder& e, const World& world, uint32_t c, const ClientState& client) {
  const auto servers = static_cast<uint32_t>(world.servers.size());
  set_clocks(e, client.clock, world.now);
  client.clock.encode(e);
  e.add(static_cast<uint64_t>(client.status));
  e.add(client.incarnation);
  e.serial(client.next_request_id);
  client.program->encode(e);
  e.add(static_cast<uint64_t>(client.outstanding.size()));
  for (const OutstandingRequest& request : client.outstanding) {
    e.request_id(c, request.id);
    e.add(request.server.index);
    e.add(e.canonical() ? client.program->canonical_tag(request.tag) : request.tag);
  }
  e.add(static_cast<uint64_t>(client.deferred.size()));
  for (const Event& event : client.deferred) encode_event(e, event, servers);
  encode(e, client.belief);
  e.add(client.lapsed.has_value());
  if (client.lapsed) encode(e, *client.lapsed);
  e.add(client.wanting);
}

void encode(StateEncoder& e, const World& world, uint32_t index, const Connection& connection) {
  const uint32_t client = world.client_of(index).index;
  e.add(connection.partitioned);
  e.add(static_cast<uint64_t>(connection.requests.size()));
  for (const InFlightRequest& request : connection.requests) {
    e.request_id(client, request.id);
    e.add(request.client_incarnation);
    e.time(request.arrival);
    redis::encode_command(e, request.command);
  }
  e.add(static_cast<uint64_t>(connection.replies.size()));
  e.add(connection.deliveries);
  for (const InFlightReply& reply : connection.replies) {
    e.request_id(client, reply.id);
    e.time(reply.arrival);
    redis::encode(e, reply.reply);
  }
  // Nothing while no script runs, so that such a connection encodes as it always did; else a
  // tag no count above can be confused with.
  if (!connection.script && !connection.request_waiting) return;
  e.add(kRunningScriptTag);
  e.add(connection.request_waiting);
  e.add(connection.script.has_value());
  if (!connection.script) return;
  const RunningScript& script = *connection.script;
  e.request_id(client, script.request.id);
  e.add(script.request.client_incarnation);
  redis::encode_command(e, script.request.command);
  redis::encode(e, script.progress);
  e.add(script.detached);
}

// Whether some server replicates another (the configuration sets it up; failovers only swap
// roles).
auto replicated(const World& world) -> bool {
  return std::any_of(world.config->servers.begin(), world.config->servers.end(),
                     [](const ServerSettings& server) { return server.replica_of.has_value(); });
}

// Whether the server's cron can run its save points: it saves by them (rdb), or it runs a cron
// for replicas and does not fsync every second instead (server_cron).
auto saves_by_points(const World& world, const PersistenceSettings& persistence) -> bool {
  using Mode = PersistenceSettings::Mode;
  if (persistence.mode == Mode::rdb) return true;
  if (persistence.mode == Mode::aof_everysec) return false;
  return replicated(world);
}

// What the server's persistence clocks can still change, canonically: the changes since the
// last save up to the most a save point counts, the seconds since the last save up to the
// longest a save point waits, whether the wall-clock second changed since the last fsync
// (everysec), and where the wall clock is in its second, which decides when those move. The
// rest never reaches a decision.
auto encode_persistence(StateEncoder& e, const World& world, uint32_t s, const ServerState& server)
    -> uint64_t {
  const PersistenceSettings& persistence = world.config->servers[s].persistence;
  const LocalTime wall_now = server.clock.wall(world.now);
  const int64_t now_s = wall_now.unix_ms() / 1000;
  const bool points = saves_by_points(world, persistence);
  const bool everysec = persistence.mode == PersistenceSettings::Mode::aof_everysec;
  if (points || everysec) e.add(((wall_now.us % 1'000'000) + 1'000'000) % 1'000'000);
  if (everysec) e.add(now_s > server.disk.last_fsync_s);
  if (!points) return 0;
  uint64_t changes_cap = 0;
  int64_t wait_cap_s = 0;
  for (const SavePoint& point : persistence.save_points) {
    changes_cap = std::max(changes_cap, point.changes);
    wait_cap_s = std::max(wait_cap_s, point.after.us / 1'000'000 + 1);
  }
  e.add(std::min(now_s - server.disk.last_save_s, wait_cap_s));
  return changes_cap;
}

// Active-Active versions are written as they are: the model checker does not explore
// Active-Active worlds, so nothing here is canonicalised (their wall-clock times are data).
void encode(StateEncoder& e, const CrdtVersion& version) {
  e.add(static_cast<uint64_t>(version.seen.size()));
  for (const uint64_t seen : version.seen) e.add(seen);
  e.add(static_cast<uint64_t>(version.wall_ms));
  e.add(version.writer);
  e.add(version.expire_at_ms.has_value());
  e.add(static_cast<uint64_t>(version.expire_at_ms.value_or(0)));
}

void encode(StateEncoder& e, const World& world, uint32_t s, const ServerState& server) {
  set_clocks(e, server.clock, world.now);
  server.clock.encode(e);
  e.add(server.up);
  if (e.canonical()) {
    // Relative time drops the absolute reading, but where the wall clock stands within its
    // millisecond decides when a key set now with PX will expire (Redis counts in whole
    // milliseconds): worlds that differ in it have different futures.
    if (e.relative_time()) {
      const int64_t wall_us = server.clock.wall(world.now).us;
      e.add(((wall_us % 1'000) + 1'000) % 1'000);
    }
    const std::optional<uint64_t> dirty_cap = encode_persistence(e, world, s, server);
    const bool replicated = has_replicas(world, ServerId{s}) || server.master;
    server.redis.encode(
        e, dirty_cap,
        replicated ? std::nullopt : std::optional(server.clock.wall(world.now).unix_ms()));
  } else {
    server.redis.encode(e, std::nullopt, std::nullopt);
    e.add(server.disk.last_save_s);
    e.add(server.disk.last_fsync_s);
  }
  server.disk.keyspace.encode(e);
  e.add(server.master.has_value());
  e.add(server.master.value_or(ServerId{}).index);
  // Offsets only count writes, for WAIT to compare with replicas' acknowledgements: without
  // replication in the configuration no server acknowledges anything, and they decide nothing.
  const bool offsets = e.wants(replicated(world));
  if (offsets) {
    e.add(server.replication_offset);
    e.add(server.applied_offset);
    e.add(static_cast<uint64_t>(server.replica_acks.size()));
    for (const uint64_t ack : server.replica_acks) e.add(ack);
    e.add(static_cast<uint64_t>(server.client_write_offsets.size()));
    for (uint32_t p = 0; p < server.client_write_offsets.size(); ++p) {
      e.add(server.client_write_offsets[e.client_at(p)]);
    }
  }
  e.add(static_cast<uint64_t>(server.waiting.size()));
  for (const BlockedWait& wait : server.waiting) {
    e.add(e.connection_position(wait.connection, static_cast<uint32_t>(world.servers.size())));
    e.request_id(world.client_of(wait.connection).index, wait.request_id);
    e.add(wait.client_incarnation);
    if (offsets) e.add(wait.offset);
    e.add(wait.replicas);
  }
  e.add(static_cast<uint64_t>(server.outbound_acks.size()));
  for (const ReplicaAck& ack : server.outbound_acks) {
    e.time(ack.arrival);
    e.add(ack.offset);
  }
  e.add(static_cast<uint64_t>(server.inbound.size()));
  for (const ReplicationUpdate& update : server.inbound) {
    e.time(update.arrival);
    e.add(update.offset);
    e.add(update.full);
    e.add(static_cast<uint64_t>(update.changes.size()));
    for (const redis::KeyChange& change : update.changes) {
      e.text(change.key);
      e.add(change.entry.has_value());
      if (change.entry) redis::encode_entry(e, *change.entry);
    }
    e.add(static_cast<uint64_t>(update.versions.size()));
    for (const CrdtVersion& version : update.versions) encode(e, version);
  }
  e.add(static_cast<uint64_t>(server.versions.size()));
  for (const CrdtKey& known : server.versions) {
    e.text(known.key);
    encode(e, known.version);
  }
}

void encode(StateEncoder& e, const ProtectedResource& resource) {
  // What it accepts next depends only on the highest token; how many writes it took and which
  // was last only observers read (the resource check, in the step of the write).
  e.add(resource.highest_token.has_value());
  e.add(resource.highest_token.value_or(0));
  if (e.canonical()) return;
  e.add(resource.writes);
  e.add(resource.rejected);
  e.add(resource.last_write.has_value());
  if (!resource.last_write) return;
  e.add(resource.last_write->client.index);
  e.add(resource.last_write->token.has_value());
  e.add(resource.last_write->token.value_or(0));
  e.add(resource.last_write->accepted);
}

}  // namespace

void encode(const World& world, StateEncoder& e) {
  e.time(world.now);
  world.queue.encode(e, static_cast<uint32_t>(world.servers.size()));
  const auto clients = static_cast<uint32_t>(world.clients.size());
  const auto servers = static_cast<uint32_t>(world.servers.size());
  e.add(uint64_t{clients});
  for (uint32_t p = 0; p < clients; ++p) {
    const uint32_t c = e.client_at(p);
    encode(e, world, c, world.clients[c]);
  }
  e.add(uint64_t{servers});
  for (uint32_t s = 0; s < servers; ++s) encode(e, world, s, world.servers[s]);
  e.add(static_cast<uint64_t>(world.connections.size()));
  for (uint32_t p = 0; p < clients; ++p) {
    for (uint32_t s = 0; s < servers; ++s) {
      const uint32_t i = e.client_at(p) * servers + s;
      encode(e, world, i, world.connections[i]);
    }
  }
  encode(e, world.resource);
}

namespace {

// A few of the counts a client's encoding writes (its status, what it believes and wants, what it
// has in flight on each connection), mixed: clients that differ in them are ordered by them alone,
// without the cost of writing each one out, and stay ordered alike under any renumbering.
auto counts_key(const World& world, uint32_t c) -> uint64_t {
  const ClientState& client = world.clients[c];
  uint64_t key = uint64_t{static_cast<uint8_t>(client.status)} |
                 uint64_t{client.belief.holding} << 2 | uint64_t{client.lapsed.has_value()} << 3 |
                 uint64_t{client.wanting} << 4 | uint64_t{client.incarnation} << 8 |
                 client.outstanding.size() << 32 | client.deferred.size() << 48;
  const auto servers = static_cast<uint32_t>(world.servers.size());
  for (uint32_t s = 0; s < servers; ++s) {
    const Connection& connection = world.connections[c * servers + s];
    uint64_t state = key ^ (connection.requests.size() | connection.replies.size() << 16 |
                            uint64_t{connection.partitioned} << 32);
    key = splitmix64(state);
  }
  return key;
}

}  // namespace

void order_clients_by_state(const World& world, bool relative_time, ClientOrder& out) {
  const auto clients = static_cast<uint32_t>(world.clients.size());
  const auto servers = static_cast<uint32_t>(world.servers.size());
  ClientOrder::Scratch& scratch = out.scratch;
  scratch.keyed.clear();
  for (uint32_t c = 0; c < clients; ++c) scratch.keyed.push_back({counts_key(world, c), 0, c});
  std::sort(scratch.keyed.begin(), scratch.keyed.end());
  // Clients whose counts tie are ordered by their whole state: each one written alone, as
  // position 0 of an order that only swaps it with client 0.
  bool events_copied = false;
  scratch.alone.resize(clients);
  for (size_t i = 0; i < clients; ++i) {
    const bool tied = (i > 0 && scratch.keyed[i - 1].counts == scratch.keyed[i].counts) ||
                      (i + 1 < clients && scratch.keyed[i + 1].counts == scratch.keyed[i].counts);
    if (!tied) continue;
    if (!events_copied) {
      world.queue.copy_in_order(scratch.events);
      events_copied = true;
    }
    const uint32_t c = scratch.keyed[i].client;
    for (uint32_t k = 0; k < clients; ++k) scratch.alone[k] = k;
    std::swap(scratch.alone[0], scratch.alone[c]);
    Fingerprinter f;
    StateEncoder e(f, relative_time, world.now, scratch.names);
    e.order_clients(scratch.alone, scratch.alone);  // a swap is its own inverse
    encode(e, world, c, world.clients[c]);
    for (uint32_t s = 0; s < servers; ++s) {
      const uint32_t connection = c * servers + s;
      encode(e, world, connection, world.connections[connection]);
    }
    for (const Event& event : scratch.events) {
      if (client_of(event, servers) == c) encode_event(e, event, servers);
    }
    scratch.keyed[i].state = f.digest();
  }
  std::sort(scratch.keyed.begin(), scratch.keyed.end());
  out.order.resize(clients);
  out.position.resize(clients);
  for (uint32_t p = 0; p < clients; ++p) {
    out.order[p] = scratch.keyed[p].client;
    out.position[scratch.keyed[p].client] = p;
  }
}

auto fingerprint(const World& world) -> uint64_t {
  Fingerprinter f;
  StateEncoder exact(f);
  encode(world, exact);
  return f.digest();
}

}  // namespace locksim
