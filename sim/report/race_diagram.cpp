// Building a race diagram from a trace; see race_diagram.hpp.
#include "sim/report/race_diagram.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "sim/core/assert.hpp"
#include "sim/world/world.hpp"

namespace locksim {

DiagramRecorder::DiagramRecorder(std::vector<std::string> client_names,
                                 std::vector<std::string> server_names, DiagramWindow window)
    : window_(window) {
  diagram_.clients = static_cast<uint32_t>(client_names.size());
  diagram_.lifelines = std::move(client_names);
  for (std::string& name : server_names) diagram_.lifelines.push_back(std::move(name));
}

auto DiagramRecorder::server_line(ServerId id) const -> uint32_t {
  return diagram_.clients + id.index;
}

// What clip() keeps: a message received from the window's beginning on and sent by its end (one
// still in flight counts as received when sent). Until a request is received, its receipt is
// not known, so it is kept as long as the world holds it.
void DiagramRecorder::add_message(DiagramMessage message, std::optional<ClientId> client,
                                  uint32_t request) {
  const bool received = message.arrived || message.lost;
  if (message.sent > window_.to || (received && message.received < window_.from)) return;
  const uint64_t id = messages_recorded_++;
  messages_.emplace(id, std::move(message));
  if (client) requests_.put(*client, request, id);
}

void DiagramRecorder::receive_request(const World& world, const TraceEntry& entry) {
  const std::optional<uint64_t> id = requests_.take(*entry.client, *entry.request);
  if (!id) return;
  const auto found = messages_.find(*id);
  LOCKSIM_ASSERT(found != messages_.end(), "request #{} of {} has no message", *entry.request,
                 *entry.client);
  DiagramMessage& message = found->second;
  message.received = entry.at;
  message.received_order = order_;
  message.arrived = entry.kind == "apply";
  message.lost = entry.kind != "apply";
  if (message.received < window_.from) {
    messages_.erase(found);
  } else if (entry.kind == "apply") {
    // Expiry runs on this clock: show it as time since the common epoch.
    const LocalTime wall = world.servers[entry.server->index].clock.wall(entry.at);
    const Duration clock = wall - kDefaultWallEpoch;
    message.label +=
        fmt::format(" [{} clock {}ms]", diagram_.lifelines[message.to], format_millis(clock));
  }
  // A reply answering after the window would be sent after it: not drawn.
  if (entry.kind == "apply" && entry.at <= window_.to) {
    answered_.put(*entry.client, *entry.request, {entry.at, order_});
  }
}

void DiagramRecorder::open_span(uint32_t lifeline, DiagramSpan::Kind kind, TrueTime at,
                                std::string label) {
  if (at > window_.to) return;  // begins after the window
  diagram_.spans.push_back({lifeline, kind, at, std::nullopt, order_, 0, std::move(label), {}});
}

void DiagramRecorder::close_span(uint32_t lifeline, DiagramSpan::Kind kind, TrueTime at,
                                 std::string label) {
  if (at > window_.to) return;  // still open at the window's end, as clip() draws it
  for (auto span = diagram_.spans.rbegin(); span != diagram_.spans.rend(); ++span) {
    if (span->lifeline == lifeline && span->kind == kind && !span->end) {
      if (at < window_.from) {  // over before the window
        diagram_.spans.erase(std::next(span).base());
        return;
      }
      span->end = at;
      span->end_order = order_;
      span->end_label = std::move(label);
      return;
    }
  }
}

void DiagramRecorder::record(const World& world, const TraceEntry& entry) {
  const std::string_view kind = entry.kind;
  const TrueTime at = entry.at;
  ++order_;
  // Servers a fault or clock step happened to; server names may go past the declared ones when
  // a fault profile added replicas.
  if (entry.server && server_line(*entry.server) >= diagram_.lifelines.size()) {
    diagram_.lifelines.resize(server_line(*entry.server) + 1);
    diagram_.lifelines.back() = fmt::format("{}", *entry.server);
  }
  if (kind == "send" || (kind == "drop" && !entry.request)) {
    const bool partitioned = kind == "drop";
    add_message({client_line(*entry.client), server_line(*entry.server), at, at, order_, order_,
                 false, partitioned, entry.detail},
                partitioned ? std::nullopt : entry.client, entry.request.value_or(0));
    return;
  }
  if (kind == "apply" || (kind == "drop" && entry.detail == "server down")) {
    receive_request(world, entry);
    return;
  }
  if (kind == "reply" || kind == "drop") {  // a reply read, or a late one ignored
    const auto answered = answered_.take(*entry.client, *entry.request);
    const auto [sent, sent_order] = answered ? *answered : std::pair{at, order_};
    const bool ignored = kind == "drop";
    add_message({server_line(*entry.server), client_line(*entry.client), sent, at, sent_order,
                 order_, true, ignored, ignored ? std::string("late reply ignored") : entry.detail},
                std::nullopt, 0);
    return;
  }
  const uint32_t line = entry.client ? client_line(*entry.client) : server_line(*entry.server);
  using Kind = DiagramSpan::Kind;
  if (kind == "acquired") {
    const Belief& belief = world.clients[entry.client->index].belief;
    // Timestamp locks have no token: their value is an expiry time.
    const std::string what = belief.token.empty() ? "the lock" : belief.token;
    open_span(line, Kind::holding, at,
              belief.lease_end ? fmt::format("holds {}, lease to {} on its clock", what,
                                             Duration{belief.lease_end->us})
                               : fmt::format("holds {} (no lease)", what));
  } else if (kind == "resumed") {
    open_span(line, Kind::holding, at,
              fmt::format("takes the lock back by extending it; believes it held since {}",
                          world.clients[entry.client->index].belief.since));
  } else if (kind == "released" || kind == "lease_end") {
    close_span(line, Kind::holding, at, kind == "released" ? "releases" : "lease over");
  } else if (kind == "pause") {
    open_span(line, Kind::paused, at, fmt::format("paused {}", entry.detail));
  } else if (kind == "resume") {
    close_span(line, Kind::paused, at, "resumes");
  } else if (kind == "crash" || kind == "server_crash") {
    close_span(line, Kind::holding, at, "crashed");
    open_span(line, Kind::down, at, fmt::format("crash, {}", entry.detail));
  } else if (kind == "restart" || kind == "server_restart") {
    close_span(line, Kind::down, at, "restarts");
  } else if (kind == "extended" || kind == "timeout" || kind == "clock_step" || kind == "write" ||
             kind == "partition" || kind == "heal" || kind == "promote" || kind == "expire") {
    if (at >= window_.from && at <= window_.to) {
      diagram_.marks.push_back({line, at, order_, fmt::format("{}: {}", kind, entry.detail)});
    }
  }
}

void DiagramRecorder::forget_lost(const World& world) {
  requests_.forget_lost(world, [&](const MessageKey& /*key*/, uint64_t id) {
    // Never received: drawn as in flight since it was sent, which clip() keeps in the window.
    if (messages_.at(id).sent < window_.from) messages_.erase(id);
  });
  answered_.forget_lost(world);
}

auto DiagramRecorder::diagram(std::string title, TrueTime end,
                              const std::vector<Finding>& violations) const -> RaceDiagram {
  RaceDiagram diagram = diagram_;
  for (const auto& [id, message] : messages_) diagram.messages.push_back(message);
  diagram.title = std::move(title);
  diagram.end = end;
  diagram.run_end = end;
  for (const Finding& finding : violations) {
    DiagramViolation highlighted{
        finding.at, {}, fmt::format("{}: {}", finding.invariant, finding.what)};
    for (const ClientId id : finding.clients) highlighted.lifelines.push_back(client_line(id));
    diagram.violations.push_back(std::move(highlighted));
  }
  return diagram;
}

auto format_millis(Duration d) -> std::string {
  const int64_t magnitude = d.us < 0 ? -d.us : d.us;
  return fmt::format("{}{}.{:03}", d.us < 0 ? "-" : "", magnitude / 1'000, magnitude % 1'000);
}

auto clip(const RaceDiagram& diagram, TrueTime from, TrueTime to) -> RaceDiagram {
  RaceDiagram clipped;
  clipped.title = fmt::format("{} [{} to {}]", diagram.title, from, to);
  clipped.lifelines = diagram.lifelines;
  clipped.clients = diagram.clients;
  clipped.end = to;
  clipped.run_end = diagram.run_end;
  for (const DiagramMessage& message : diagram.messages) {
    if (message.received >= from && message.sent <= to) clipped.messages.push_back(message);
  }
  for (DiagramSpan span : diagram.spans) {
    if (span.begin > to || (span.end && *span.end < from)) continue;
    if (span.end && *span.end > to) {  // open at the window's end
      span.end.reset();
      span.end_order = 0;
      span.end_label.clear();
    }
    clipped.spans.push_back(std::move(span));
  }
  for (const DiagramMark& mark : diagram.marks) {
    if (mark.at >= from && mark.at <= to) clipped.marks.push_back(mark);
  }
  for (const DiagramViolation& violation : diagram.violations) {
    if (violation.at >= from && violation.at <= to) clipped.violations.push_back(violation);
  }
  return clipped;
}

auto diagram_rows(const RaceDiagram& diagram) -> std::vector<DiagramRow> {
  std::vector<DiagramRow> rows;
  using Kind = DiagramRow::Kind;
  for (uint32_t i = 0; i < diagram.spans.size(); ++i) {
    const DiagramSpan& span = diagram.spans[i];
    rows.push_back({span.begin, span.begin_order, Kind::span_begin, i});
    if (span.end) rows.push_back({*span.end, span.end_order, Kind::span_end, i});
  }
  for (uint32_t i = 0; i < diagram.messages.size(); ++i) {
    const DiagramMessage& message = diagram.messages[i];
    rows.push_back({message.received, message.received_order, Kind::message, i});
  }
  for (uint32_t i = 0; i < diagram.marks.size(); ++i) {
    rows.push_back({diagram.marks[i].at, diagram.marks[i].order, Kind::mark, i});
  }
  for (uint32_t i = 0; i < diagram.violations.size(); ++i) {
    rows.push_back({diagram.violations[i].at, kAfterEverything, Kind::violation, i});
  }
  std::stable_sort(rows.begin(), rows.end(), [](const DiagramRow& a, const DiagramRow& b) {
    return a.at != b.at ? a.at < b.at : a.order < b.order;
  });
  return rows;
}

auto state_at(const RaceDiagram& diagram, uint32_t lifeline, TrueTime at) -> LifelineState {
  LifelineState state;
  for (const DiagramSpan& span : diagram.spans) {
    if (span.lifeline != lifeline || at < span.begin || (span.end && *span.end <= at)) continue;
    switch (span.kind) {
      case DiagramSpan::Kind::holding: state.holding = true; break;
      case DiagramSpan::Kind::paused: state.paused = true; break;
      case DiagramSpan::Kind::down: state.down = true; break;
    }
  }
  return state;
}

}  // namespace locksim
