// Partial-order reduction: when the timer due first may be fired alone; see partial_order.hpp.
#include "sim/explore/check/partial_order.hpp"

#include <optional>

namespace locksim {
namespace {

// Whether a due event leaves the timer's client and its connections alone.
auto leaves_alone(const Event& event, uint32_t servers, uint32_t client) -> bool {
  if (event.kind == EventKind::server_cron) return true;
  if (subject_of(event.kind) == EventSubject::other) return false;
  return client_of(event, servers) != client;
}

// The client a client-side step of the event acts on: a timer's or timeout's, or a reply's
// receiver.
auto client_side(const Event& event, uint32_t servers) -> std::optional<uint32_t> {
  switch (event.kind) {
    case EventKind::client_timer:
    case EventKind::request_timeout: return event.subject;
    case EventKind::deliver_reply: return event.subject / servers;
    default: return std::nullopt;
  }
}

}  // namespace

auto faults_that_reach_clients_spent(const FaultBudget& budget) -> bool {
  return budget.of(FaultKind::pause) == 0 && budget.of(FaultKind::client_crash) == 0 &&
         budget.of(FaultKind::server_crash) == 0 && budget.of(FaultKind::partition) == 0;
}

auto client_alone(const World& world, const FaultBudget& budget) -> std::optional<uint32_t> {
  if (!faults_that_reach_clients_spent(budget) || world.queue.empty()) return std::nullopt;
  const size_t due = world.queue.due_count();
  if (due < 2) return std::nullopt;
  const auto servers = static_cast<uint32_t>(world.servers.size());
  const std::optional<uint32_t> client = client_side(world.queue.due_at(0), servers);
  if (!client) return std::nullopt;
  for (size_t i = 1; i < due; ++i) {
    if (!leaves_alone(world.queue.due_at(i), servers, *client)) return std::nullopt;
  }
  return client;
}

auto invisible_step(const World& before, const World& after, uint32_t client) -> bool {
  const ClientState& was = before.clients[client];
  const ClientState& is = after.clients[client];
  return was.belief == is.belief && was.lapsed == is.lapsed && was.wanting == is.wanting &&
         was.status == is.status && before.resource == after.resource &&
         after.queue.count_at(before.now) + 1 == before.queue.count_at(before.now);
}

}  // namespace locksim
