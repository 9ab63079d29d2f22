// Race diagrams as standalone SVG; see diagram_render.hpp. Time runs down the page. Every moment
// at which something happens gets its own row, labelled with its true time, so that a 1 ms
// exchange and a 10 s pause are both readable; arrows go from the row of their send time to the
// row of their arrival.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "sim/report/diagram_render.hpp"
#include "sim/report/xml_text.hpp"

namespace locksim {
namespace {

constexpr int kTop = 70;
constexpr int kRowHeight = 24;
constexpr int kLeft = 90;
constexpr int kLane = 150;
constexpr int kNotes = 560;

class SvgCanvas {
 public:
  // Every happening gets its own row, in trace order, so that things at one instant (a request
  // and its reply over a link without delay) stay apart.
  explicit SvgCanvas(const RaceDiagram& diagram) : diagram_(diagram) {
    for (const DiagramRow& row : diagram_rows(diagram)) rows_.emplace(Key{row.at, row.order}, 0);
    for (const DiagramMessage& message : diagram.messages) {
      rows_.emplace(Key{message.sent, message.sent_order}, 0);
    }
    rows_.emplace(Key{diagram.end, kAfterEverything}, 0);
    int y = kTop;
    for (auto& [key, row_y] : rows_) {
      row_y = y;
      y += kRowHeight;
    }
    bottom_ = y;
  }

  auto y(TrueTime at, uint64_t order) const -> int { return rows_.at(Key{at, order}); }
  auto x(uint32_t lifeline) const -> int { return kLeft + kLane / 2 + lifeline * kLane; }
  auto width() const -> int {
    return kLeft + static_cast<int>(diagram_.lifelines.size()) * kLane + kNotes;
  }
  auto bottom() const -> int { return bottom_; }
  auto notes_x() const -> int { return width() - kNotes + 10; }
  // The y of the first row of each distinct time.
  auto times() const -> std::map<TrueTime, int> {
    std::map<TrueTime, int> first;
    for (const auto& [key, y] : rows_) first.emplace(key.first, y);
    return first;
  }

 private:
  using Key = std::pair<TrueTime, uint64_t>;
  const RaceDiagram& diagram_;
  std::map<Key, int> rows_;  // (true time, trace order) -> y of its row
  int bottom_ = kTop;
};

void draw_spans(const RaceDiagram& diagram, const SvgCanvas& canvas, std::string& out) {
  for (const DiagramSpan& span : diagram.spans) {
    const int top = canvas.y(span.begin, span.begin_order);
    const int bottom =
        span.end ? canvas.y(*span.end, span.end_order) : canvas.y(diagram.end, kAfterEverything);
    const int x = canvas.x(span.lifeline);
    const auto [fill, stroke, half] = [&]() -> std::tuple<std::string_view, std::string_view, int> {
      switch (span.kind) {
        case DiagramSpan::Kind::holding: return {"#9ecae1", "#3182bd", 7};
        case DiagramSpan::Kind::paused: return {"url(#paused)", "#636363", 11};
        case DiagramSpan::Kind::down: return {"#fcbba1", "#cb181d", 11};
      }
      return {"none", "none", 0};
    }();
    out += fmt::format(
        R"svg(<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}" opacity="0.85"><title>{}</title></rect>)svg"
        "\n",
        x - half, top, 2 * half, std::max(bottom - top, 2), fill, stroke,
        xml_escaped(span.label + (span.end ? " ... " + span.end_label : "")));
    if (span.kind == DiagramSpan::Kind::holding) {
      out += fmt::format(R"svg(<text x="{}" y="{}" class="span">{}</text>)svg"
                         "\n",
                         x + 10, top + 12, xml_escaped(span.label));
    }
  }
}

void draw_messages(const RaceDiagram& diagram, const SvgCanvas& canvas, std::string& out) {
  for (const DiagramMessage& message : diagram.messages) {
    const int x1 = canvas.x(message.from);
    const int x2 = canvas.x(message.to);
    const int y1 = canvas.y(message.sent, message.sent_order);
    const int y2 = canvas.y(message.received, message.received_order);
    const bool reply = message.from >= diagram.clients;
    out += fmt::format(
        R"svg(<line x1="{}" y1="{}" x2="{}" y2="{}" class="{}" marker-end="url(#{})"/>)svg"
        "\n",
        x1, y1, x2, y2,
        message.lost ? "lost"
        : reply      ? "reply"
                     : "request",
        message.lost ? "cross" : "arrow");
    const int label_x = (x1 + x2) / 2;
    const int label_y = (y1 + y2) / 2 - 3;
    out += fmt::format(R"svg(<text x="{}" y="{}" class="message" text-anchor="middle">{}</text>)svg"
                       "\n",
                       label_x, label_y, xml_escaped(message.label));
  }
}

}  // namespace

auto render_svg(const RaceDiagram& diagram) -> std::string {
  const SvgCanvas canvas(diagram);
  const int height = canvas.bottom() + 50;
  std::string out = fmt::format(
      R"svg(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}" font-family="sans-serif" font-size="11">)svg"
      "\n",
      canvas.width(), height);
  out += R"svg(<defs>
<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#252525"/></marker>
<marker id="cross" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="9" markerHeight="9"><path d="M0,0 L10,10 M10,0 L0,10" stroke="#cb181d" stroke-width="2"/></marker>
<pattern id="paused" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#f0f0f0"/><line x1="0" y1="0" x2="0" y2="6" stroke="#969696" stroke-width="3"/></pattern>
<style>
.request { stroke: #252525; stroke-width: 1.2; }
.reply { stroke: #525252; stroke-width: 1.2; stroke-dasharray: 5 3; }
.lost { stroke: #cb181d; stroke-width: 1.2; stroke-dasharray: 2 2; }
.message { fill: #252525; }
.span { fill: #08519c; font-weight: bold; }
.time { fill: #737373; }
.note { fill: #252525; }
.lifeline { stroke: #bdbdbd; stroke-width: 1; }
.name { font-size: 13px; font-weight: bold; }
</style>
</defs>
<rect width="100%" height="100%" fill="white"/>
)svg";
  out += fmt::format(R"svg(<text x="10" y="20" font-size="14" font-weight="bold">{}</text>)svg"
                     "\n",
                     xml_escaped(diagram.title));
  for (uint32_t i = 0; i < diagram.lifelines.size(); ++i) {
    const int x = canvas.x(i);
    out += fmt::format(R"svg(<text x="{}" y="{}" class="name" text-anchor="middle">{}</text>)svg"
                       "\n",
                       x, kTop - 20, xml_escaped(diagram.lifelines[i]));
    out += fmt::format(R"svg(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" class="lifeline"/>)svg"
                       "\n",
                       x, kTop - 12, canvas.bottom());
  }
  for (const auto& [at, y] : canvas.times()) {
    out += fmt::format(R"svg(<text x="10" y="{}" class="time">{}</text>)svg"
                       "\n",
                       y + 4, Duration{at.us});
  }
  for (const DiagramViolation& violation : diagram.violations) {
    const int y = canvas.y(violation.at, kAfterEverything);
    out += fmt::format(
        R"svg(<rect x="{}" y="{}" width="{}" height="{}" fill="#de2d26" opacity="0.18"/>)svg"
        "\n",
        kLeft, y - kRowHeight / 2, canvas.width() - kLeft, kRowHeight);
    out += fmt::format(
        R"svg(<text x="{}" y="{}" fill="#a50f15" font-weight="bold">VIOLATION {}</text>)svg"
        "\n",
        canvas.notes_x(), y + 4, xml_escaped(violation.text));
  }
  draw_spans(diagram, canvas, out);
  draw_messages(diagram, canvas, out);
  for (const DiagramMark& mark : diagram.marks) {
    const int x = canvas.x(mark.lifeline);
    const int y = canvas.y(mark.at, mark.order);
    out += fmt::format(
        R"svg(<path d="M{0},{1} l6,6 l-6,6 l-6,-6 z" fill="#fd8d3c" stroke="#a63603"/>)svg"
        "\n",
        x, y - 6);
    out += fmt::format(R"svg(<text x="{}" y="{}" class="note">{}: {}</text>)svg"
                       "\n",
                       canvas.notes_x(), y + 4, xml_escaped(diagram.lifelines[mark.lifeline]),
                       xml_escaped(mark.label));
  }
  out += fmt::format(
      R"svg(<text x="10" y="{}" class="time">Rows are the moments something happened (true time, left); arrows run from send to arrival. Bars: blue holds the lock, grey hatched paused, red down.</text>)svg"
      "\n",
      height - 15);
  out += "</svg>\n";
  return out;
}

}  // namespace locksim
