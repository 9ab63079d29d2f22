// The happens-before graph; see happens_before.hpp.
#include "sim/check/happens_before.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/reverse_graph.hpp>

#include "sim/core/assert.hpp"
#include "sim/world/world.hpp"

namespace locksim {
namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;

// Marks every vertex a breadth-first search reaches.
class ReachVisitor : public boost::default_bfs_visitor {
 public:
  explicit ReachVisitor(std::vector<char>& reached) : reached_(&reached) {}
  template <class AnyGraph>
  void discover_vertex(Graph::vertex_descriptor vertex, const AnyGraph& /*graph*/) const {
    (*reached_)[vertex] = 1;
  }

 private:
  std::vector<char>* reached_;
};

auto ends_section(std::string_view kind) -> bool {
  return kind == "released" || kind == "lease_end" || kind == "crash";
}

// A client's critical section at the end of the graph: its last acquisition and, if it has
// ended, where.
struct Section {
  uint32_t begin = 0;
  std::optional<uint32_t> end;
  uint32_t acquiring_from = 0;  // first vertex after the section before it (its lock commands)
};

auto section_of(const HappensBeforeGraph& graph, ClientId client) -> std::optional<Section> {
  const auto& vertices = graph.vertices();
  std::optional<Section> section;
  uint32_t after_previous = 0;
  for (uint32_t v = 0; v < vertices.size(); ++v) {
    if (vertices[v].client != client) continue;
    if (vertices[v].kind == "acquired") {
      section = Section{v, std::nullopt, after_previous};
    } else if (vertices[v].kind == "resumed" && section) {
      section->end.reset();  // the lapsed section goes on, as its holder believes
    } else if (ends_section(vertices[v].kind) && section && !section->end) {
      section->end = v;
      after_previous = v + 1;
    }
  }
  return section;
}

}  // namespace

auto HappensBeforeGraph::causal_past(uint32_t vertex) const -> std::vector<char> {
  LOCKSIM_ASSERT(vertex < vertices_.size(), "vertex {} of a graph of {}", vertex, vertices_.size());
  const Graph graph(edges_.begin(), edges_.end(), vertices_.size());
  std::vector<char> reached(vertices_.size(), 0);
  boost::breadth_first_search(boost::make_reverse_graph(graph), boost::vertex(vertex, graph),
                              boost::visitor(ReachVisitor(reached)));
  return reached;
}

auto HappensBeforeGraph::happens_before(uint32_t from, uint32_t to) const -> bool {
  return causal_past(to).at(from) != 0;
}

auto HappensBeforeRecorder::add_vertex(const TraceEntry& entry, bool on_client) -> uint32_t {
  const auto v = static_cast<uint32_t>(graph_.vertices_.size());
  graph_.vertices_.push_back({entry.at, entry.kind, entry.client, entry.server, entry.request});
  const uint32_t node = on_client ? entry.client->index : entry.server->index;
  const auto [previous, first] = last_on_lifeline_.try_emplace({node, on_client}, v);
  if (!first) {
    graph_.edges_.emplace_back(previous->second, v);
    previous->second = v;
  }
  return v;
}

void HappensBeforeRecorder::record(const World& world, const TraceEntry& entry) {
  // An entry about one command sits on the lifeline of the side that acted: the server applies
  // it, the client sends it and hears the outcome. Drops, partitions and heals are no process's
  // doing.
  const bool both = entry.client && entry.server;
  bool on_client = entry.client.has_value();
  if (both) {
    if (entry.kind == "apply") {
      on_client = false;
    } else if (entry.kind != "send" && entry.kind != "reply" && entry.kind != "timeout") {
      return;
    }
  }
  if (!entry.client && !entry.server) return;
  const uint32_t v = add_vertex(entry, on_client);

  if (entry.request) {
    const std::pair<uint32_t, uint32_t> command{entry.client->index, *entry.request};
    if (entry.kind == "send") sends_[command] = v;
    if (entry.kind == "apply") {
      if (const auto sent = sends_.find(command); sent != sends_.end()) {
        graph_.edges_.emplace_back(sent->second, v);
      }
      applies_[command] = v;
    }
    if (entry.kind == "reply") {
      if (const auto applied = applies_.find(command); applied != applies_.end()) {
        graph_.edges_.emplace_back(applied->second, v);
      }
    }
  }
  if (on_client) return;
  const uint32_t server = entry.server->index;
  const ServerState& state = world.servers[server];
  // A master's write: remember where its replication stream reached this offset.
  uint64_t& seen = offset_seen_[server];
  if (state.replication_offset != seen) {
    seen = state.replication_offset;
    writes_by_offset_[server][seen] = v;
  }
  // A replica applying its master's stream: the last write it now includes happens before.
  if (entry.kind == "replicate" && state.master) {
    const std::map<uint64_t, uint32_t>& writes = writes_by_offset_[state.master->index];
    const auto after = writes.upper_bound(state.applied_offset);
    if (after != writes.begin()) graph_.edges_.emplace_back(std::prev(after)->second, v);
  }
}

auto section_causality(const HappensBeforeGraph& graph, const Finding& finding)
    -> std::vector<SectionCausality> {
  std::vector<std::pair<ClientId, Section>> sections;
  for (const ClientId client : finding.clients) {
    if (const std::optional<Section> section = section_of(graph, client)) {
      sections.emplace_back(client, *section);
    }
  }
  std::sort(sections.begin(), sections.end(),
            [](const auto& a, const auto& b) { return a.second.begin < b.second.begin; });
  const auto& vertices = graph.vertices();
  std::vector<SectionCausality> result;
  for (size_t i = 0; i < sections.size(); ++i) {
    for (size_t j = i + 1; j < sections.size(); ++j) {
      const auto& [first, a] = sections[i];
      const auto& [second, b] = sections[j];
      const std::vector<char> before_a = graph.causal_past(a.begin);
      const std::vector<char> before_b = graph.causal_past(b.begin);
      const bool a_before_b = a.end && before_b[*a.end];
      const bool b_before_a = b.end && before_a[*b.end];
      SectionCausality causality{first, second, !a_before_b && !b_before_a, std::nullopt};
      // Whether a lock command one sent while acquiring was applied before the other acquired
      // (either way round: a delayed reply lets the earlier command's sender acquire later).
      const auto seen = [&](ClientId sender, const Section& section,
                            const std::vector<char>& before) -> std::optional<ServerId> {
        for (uint32_t v = section.acquiring_from; v < section.begin; ++v) {
          if (vertices[v].kind == "apply" && vertices[v].client == sender && before[v]) {
            return vertices[v].server;
          }
        }
        return std::nullopt;
      };
      if (const std::optional<ServerId> server = seen(first, a, before_b)) {
        causality.lock_seen = SectionCausality::LockSeen{first, second, *server};
      } else if (const std::optional<ServerId> other = seen(second, b, before_a)) {
        causality.lock_seen = SectionCausality::LockSeen{second, first, *other};
      }
      result.push_back(causality);
    }
  }
  return result;
}

auto describe(const SectionCausality& causality) -> std::string {
  const std::string order =
      causality.concurrent
          ? fmt::format(
                "{} and {} were in causally concurrent critical sections (no chain of "
                "messages orders one's end before the other's beginning)",
                causality.first, causality.second)
          : fmt::format("{}'s and {}'s critical sections are ordered by happens-before",
                        causality.first, causality.second);
  if (!causality.concurrent) return order;
  if (const auto& seen = causality.lock_seen) {
    return fmt::format(
        "{}; {}'s acquisition causally follows {}'s lock command on {}: that "
        "server knew of {}'s lock and let it go without a word from {} (an "
        "expiry, a clock jump, lost state)",
        order, seen->acquirer, seen->holder, seen->server, seen->holder, seen->holder);
  }
  return fmt::format(
      "{}; no lock command of either happens before the other's acquisition: "
      "the servers each heard from never learnt of the other's lock",
      order);
}

}  // namespace locksim
