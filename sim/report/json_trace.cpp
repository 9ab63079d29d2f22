// JSON-lines trace; see json_trace.hpp.
#include "sim/report/json_trace.hpp"

#include <nlohmann/json.hpp>

#include "sim/world/world.hpp"

namespace locksim {

void JsonTraceWriter::record(const World& world, const TraceEntry& entry) {
  nlohmann::ordered_json line;
  line["t_us"] = entry.at.us;
  line["kind"] = entry.kind;
  if (entry.client) {
    const ClientState& client = world.clients[entry.client->index];
    line["client"] = fmt::format("{}", *entry.client);
    line["client_wall_us"] = client.clock.wall(entry.at).us;
    line["client_monotonic_us"] = client.clock.monotonic(entry.at).us;
  }
  if (entry.server) {
    line["server"] = fmt::format("{}", *entry.server);
    line["server_wall_us"] = world.servers[entry.server->index].clock.wall(entry.at).us;
  }
  if (entry.request) line["request"] = *entry.request;
  line["detail"] = entry.detail;
  out_ << line.dump() << '\n';
}

}  // namespace locksim
