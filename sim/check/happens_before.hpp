// The happens-before relation of a run (Lamport 1978), built from its trace: one vertex per thing
// a process did, an edge to it from the process's previous one (program order), from a
// command's send to its apply on the server, from the apply to the reply's arrival, and from a
// master's write to the replica's apply of it (replication offsets say which). A message that
// was dropped, or a reply the client ignored, carries nothing. Acknowledgements from replicas
// (which only WAIT reads) are not drawn.
//
// With it a violation can say whether the two critical sections were causally concurrent —
// neither ended before the other began by any chain of messages — and whether the second
// holder's acquisition causally follows the server's grant to the first: then only time (a key
// expiring, a lease running out) stood between them, not a message.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/check/invariant.hpp"
#include "sim/world/tracer.hpp"

namespace locksim {

class HappensBeforeGraph {
 public:
  struct Vertex {
    TrueTime at;
    std::string_view kind;  // the trace entry's kind
    std::optional<ClientId> client;
    std::optional<ServerId> server;
    std::optional<uint32_t> request;
  };

  auto vertices() const -> const std::vector<Vertex>& { return vertices_; }
  auto edges() const -> const std::vector<std::pair<uint32_t, uint32_t>>& { return edges_; }
  // Whether a chain of program order and messages leads from vertex `from` to vertex `to`
  // (a vertex happens before itself).
  auto happens_before(uint32_t from, uint32_t to) const -> bool;
  // Per vertex, whether it happens before `vertex`.
  auto causal_past(uint32_t vertex) const -> std::vector<char>;

 private:
  friend class HappensBeforeRecorder;
  std::vector<Vertex> vertices_;
  std::vector<std::pair<uint32_t, uint32_t>> edges_;
};

// Builds the graph while a run is traced.
class HappensBeforeRecorder final : public Tracer {
 public:
  void record(const World& world, const TraceEntry& entry) override;
  auto graph() const -> const HappensBeforeGraph& { return graph_; }

 private:
  auto add_vertex(const TraceEntry& entry, bool on_client) -> uint32_t;

  HappensBeforeGraph graph_;
  std::map<std::pair<uint32_t, bool>, uint32_t> last_on_lifeline_;  // (index, is client)
  std::map<std::pair<uint32_t, uint32_t>, uint32_t> sends_;         // (client, request)
  std::map<std::pair<uint32_t, uint32_t>, uint32_t> applies_;       // (client, request)
  // Per master: the vertex after which its replication offset first read each value.
  std::map<uint32_t, std::map<uint64_t, uint32_t>> writes_by_offset_;
  std::map<uint32_t, uint64_t> offset_seen_;
};

// What the graph says about two clients of a violation, each in the critical section it was in
// (or had last begun) at the finding.
struct SectionCausality {
  ClientId first;
  ClientId second;
  bool concurrent = false;  // neither section's end happens before the other's beginning
  // A lock command `holder` sent while acquiring, applied by `server` before `acquirer`
  // acquired: that server knew of the holder's lock first. None: neither saw the other's.
  struct LockSeen {
    ClientId holder;
    ClientId acquirer;
    ServerId server;
  };
  std::optional<LockSeen> lock_seen;
};

// For a finding about two or more clients, the causality of each pair (`first` began its
// section first); empty when the graph has no acquisition for them.
auto section_causality(const HappensBeforeGraph& graph, const Finding& finding)
    -> std::vector<SectionCausality>;

// One sentence per pair, e.g. "c1 and c2 were in causally concurrent critical sections …; c2's
// acquisition causally follows c1's lock command on r1: …".
auto describe(const SectionCausality& causality) -> std::string;

}  // namespace locksim
