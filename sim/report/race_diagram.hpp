// A race diagram: what a run did, drawn the way people draw lock races — one lifeline per client
// and server, each command and reply as an arrow from its true send time to its true receive
// time, critical sections as bars (with the lease as the holder's own clock measured it), faults
// marked, and the first violation highlighted. DiagramRecorder builds one from a run's trace;
// diagram_text.hpp, diagram_svg.hpp and diagram_mermaid.hpp draw it.
#pragma once

#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/check/invariant.hpp"
#include "sim/check/message_ledger.hpp"
#include "sim/world/tracer.hpp"

namespace locksim {

// Every happening carries its place in the trace (`order`): things at one true time happened in
// that order, which renderers keep.
struct DiagramMessage {
  uint32_t from = 0;  // lifeline indices
  uint32_t to = 0;
  TrueTime sent;
  TrueTime received;  // equal to `sent` until it arrives
  uint64_t sent_order = 0;
  uint64_t received_order = 0;
  bool arrived = false;
  bool lost = false;  // dropped (server down, partition) or ignored by its receiver
  std::string label;
};

struct DiagramSpan {
  enum class Kind : uint8_t { holding, paused, down };
  uint32_t lifeline = 0;
  Kind kind = Kind::holding;
  TrueTime begin;
  std::optional<TrueTime> end;  // still open when the run ended
  uint64_t begin_order = 0;
  uint64_t end_order = 0;
  std::string label;      // how it began
  std::string end_label;  // how it ended
};

// A moment on one lifeline: a fault, a timeout, a clock step, a write to the resource.
struct DiagramMark {
  uint32_t lifeline = 0;
  TrueTime at;
  uint64_t order = 0;
  std::string label;
};

struct DiagramViolation {
  TrueTime at;
  std::vector<uint32_t> lifelines;
  std::string text;
};

struct RaceDiagram {
  std::string title;
  std::vector<std::string> lifelines;  // clients first, then servers
  uint32_t clients = 0;
  std::vector<DiagramMessage> messages;
  std::vector<DiagramSpan> spans;
  std::vector<DiagramMark> marks;
  std::vector<DiagramViolation> violations;  // the first of each invariant violated
  TrueTime end;                              // where the drawing ends
  TrueTime run_end;  // where the run ended: later than `end` when the drawing is a window of it
};

// Milliseconds with three decimals, as the diagrams print times: "1001.500".
auto format_millis(Duration d) -> std::string;

// The part of a diagram between two moments: what happened in [from, to], with the spans and
// messages that cross its edges.
auto clip(const RaceDiagram& diagram, TrueTime from, TrueTime to) -> RaceDiagram;

// The diagram's happenings in the order of true time, for renderers that go row by row.
struct DiagramRow {
  enum class Kind : uint8_t { span_begin, span_end, message, mark, violation };
  TrueTime at;
  uint64_t order = 0;  // violations come after everything else at their time
  Kind kind;
  uint32_t index = 0;  // into the spans, messages, marks or violations
};
inline constexpr uint64_t kAfterEverything = UINT64_MAX;
auto diagram_rows(const RaceDiagram& diagram) -> std::vector<DiagramRow>;

struct LifelineState {
  bool holding = false;
  bool paused = false;
  bool down = false;
};
// What a lifeline is doing at a moment (a span that ends then is over).
auto state_at(const RaceDiagram& diagram, uint32_t lifeline, TrueTime at) -> LifelineState;

// The part of a run a diagram will be clipped to, when it is known before the run is replayed:
// the recorder then keeps only what clip() keeps of it, and a window late in a long run costs
// what the window holds. The default is the whole run.
struct DiagramWindow {
  TrueTime from;
  TrueTime to{std::numeric_limits<int64_t>::max()};
};

class DiagramRecorder final : public Tracer {
 public:
  DiagramRecorder(std::vector<std::string> client_names, std::vector<std::string> server_names,
                  DiagramWindow window = {});
  void record(const World& world, const TraceEntry& entry) override;
  // Between steps: forgets the requests the world lost without a trace entry (a reset
  // connection), drawn as still in flight when sent inside the window.
  void forget_lost(const World& world);
  // The diagram of the run so far, ending at `end`, with the findings highlighted.
  auto diagram(std::string title, TrueTime end, const std::vector<Finding>& violations) const
      -> RaceDiagram;

 private:
  auto client_line(ClientId id) const -> uint32_t { return id.index; }
  auto server_line(ServerId id) const -> uint32_t;
  void add_message(DiagramMessage message, std::optional<ClientId> client, uint32_t request);
  void receive_request(const World& world, const TraceEntry& entry);
  void open_span(uint32_t lifeline, DiagramSpan::Kind kind, TrueTime at, std::string label);
  void close_span(uint32_t lifeline, DiagramSpan::Kind kind, TrueTime at, std::string label);

  DiagramWindow window_;
  RaceDiagram diagram_;  // lifelines, spans and marks; messages are kept apart until asked for
  uint64_t order_ = 0;   // of the entry being recorded
  // The messages clip() can keep, by when they were recorded.
  std::map<uint64_t, DiagramMessage> messages_;
  uint64_t messages_recorded_ = 0;
  // A request's message until its server has it, and when the server answered it until the
  // reply arrives.
  MessageLedger<uint64_t> requests_;
  MessageLedger<std::pair<TrueTime, uint64_t>> answered_;
};

}  // namespace locksim
