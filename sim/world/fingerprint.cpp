// The canonical encoding of a world, hashed. It writes exactly the fields that World::operator==
// compares (event sequence numbers are left out of both), in a fixed order.
#include "sim/world/world.hpp"

namespace locksim {
namespace {

void add(Fingerprinter& f, const redis::Command& command) {
  f.add(static_cast<uint64_t>(command.argv.size()));
  for (const std::string& argument : command.argv) f.add(std::string_view(argument));
}

void add(Fingerprinter& f, const redis::Reply& reply) {
  f.add(static_cast<uint64_t>(reply.type));
  f.add(std::string_view(reply.text));
  f.add(reply.integer);
  f.add(static_cast<uint64_t>(reply.elements.size()));
  for (const redis::Reply& element : reply.elements) add(f, element);
}

void add(Fingerprinter& f, const Belief& belief) {
  f.add(belief.holding);
  f.add(belief.since);
  f.add(belief.lease_end.has_value());
  f.add(belief.lease_end.value_or(LocalTime{}));
  f.add(std::string_view(belief.key));
  f.add(std::string_view(belief.token));
}

void add(Fingerprinter& f, const ClientState& client) {
  client.clock.fingerprint(f);
  f.add(static_cast<uint64_t>(client.status));
  f.add(client.incarnation);
  f.add(client.next_request_id);
  client.program->fingerprint(f);
  f.add(static_cast<uint64_t>(client.outstanding.size()));
  for (const OutstandingRequest& request : client.outstanding) {
    f.add(request.id);
    f.add(request.server.index);
    f.add(request.tag);
  }
  f.add(static_cast<uint64_t>(client.deferred.size()));
  for (const Event& event : client.deferred) fingerprint_event(f, event);
  add(f, client.belief);
  f.add(client.lapsed.has_value());
  if (client.lapsed) add(f, *client.lapsed);
  f.add(client.wanting);
}

void add(Fingerprinter& f, const Connection& connection) {
  f.add(connection.partitioned);
  f.add(static_cast<uint64_t>(connection.requests.size()));
  for (const InFlightRequest& request : connection.requests) {
    f.add(request.id);
    f.add(request.client_incarnation);
    f.add(request.arrival);
    add(f, request.command);
  }
  f.add(static_cast<uint64_t>(connection.replies.size()));
  for (const InFlightReply& reply : connection.replies) {
    f.add(reply.id);
    f.add(reply.arrival);
    add(f, reply.reply);
  }
}

}  // namespace

auto fingerprint(const World& world) -> uint64_t {
  Fingerprinter f;
  f.add(world.now);
  world.queue.fingerprint(f);
  f.add(static_cast<uint64_t>(world.clients.size()));
  for (const ClientState& client : world.clients) add(f, client);
  f.add(static_cast<uint64_t>(world.servers.size()));
  for (const ServerState& server : world.servers) {
    server.clock.fingerprint(f);
    f.add(server.up);
    server.redis.fingerprint(f);
    server.disk.keyspace.fingerprint(f);
    f.add(server.disk.last_save_s);
    f.add(server.disk.last_fsync_s);
    f.add(server.master.has_value());
    f.add(server.master.value_or(ServerId{}).index);
    f.add(server.replication_offset);
    f.add(server.applied_offset);
    f.add(static_cast<uint64_t>(server.replica_acks.size()));
    for (const uint64_t ack : server.replica_acks) f.add(ack);
    f.add(static_cast<uint64_t>(server.client_write_offsets.size()));
    for (const uint64_t offset : server.client_write_offsets) f.add(offset);
    f.add(static_cast<uint64_t>(server.waiting.size()));
    for (const BlockedWait& wait : server.waiting) {
      f.add(wait.connection);
      f.add(wait.request_id);
      f.add(wait.client_incarnation);
      f.add(wait.offset);
      f.add(wait.replicas);
    }
    f.add(static_cast<uint64_t>(server.outbound_acks.size()));
    for (const ReplicaAck& ack : server.outbound_acks) {
      f.add(ack.arrival);
      f.add(ack.offset);
    }
    f.add(static_cast<uint64_t>(server.inbound.size()));
    for (const ReplicationUpdate& update : server.inbound) {
      f.add(update.arrival);
      f.add(update.offset);
      f.add(update.full);
      f.add(static_cast<uint64_t>(update.changes.size()));
      for (const redis::KeyChange& change : update.changes) {
        f.add(std::string_view(change.key));
        f.add(change.entry.has_value());
        if (change.entry) redis::fingerprint_entry(f, *change.entry);
      }
    }
  }
  f.add(static_cast<uint64_t>(world.connections.size()));
  for (const Connection& connection : world.connections) add(f, connection);
  const ProtectedResource& resource = world.resource;
  f.add(resource.writes);
  f.add(resource.rejected);
  f.add(resource.highest_token.has_value());
  f.add(resource.highest_token.value_or(0));
  f.add(resource.last_write.has_value());
  if (resource.last_write) {
    f.add(resource.last_write->client.index);
    f.add(resource.last_write->token.has_value());
    f.add(resource.last_write->token.value_or(0));
    f.add(resource.last_write->accepted);
  }
  return f.digest();
}

}  // namespace locksim
