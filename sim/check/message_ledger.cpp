// The messages a world holds; see message_ledger.hpp.
#include "sim/check/message_ledger.hpp"

#include "sim/world/world.hpp"

namespace locksim {

auto messages_held(const World& world) -> std::vector<MessageKey> {
  std::vector<MessageKey> held;
  for (uint32_t index = 0; index < world.connections.size(); ++index) {
    const Connection& connection = world.connections[index];
    const uint32_t client = world.client_of(index).index;
    for (const InFlightRequest& request : connection.requests)
      held.emplace_back(client, request.id);
    for (const InFlightReply& reply : connection.replies) held.emplace_back(client, reply.id);
  }
  for (const ServerState& server : world.servers) {
    for (const BlockedWait& wait : server.waiting) {
      held.emplace_back(world.client_of(wait.connection).index, wait.request_id);
    }
  }
  std::sort(held.begin(), held.end());
  return held;
}

}  // namespace locksim
