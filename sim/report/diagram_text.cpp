// Race diagrams as text; see diagram_render.hpp. One row per happening in true-time order: the
// time in ms, one column per lifeline showing its state, arrows drawn across the columns between
// sender and receiver, and what happened on the right.
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "sim/report/diagram_render.hpp"

namespace locksim {
namespace {

constexpr size_t kWidth = 100;
constexpr size_t kTimeWidth = 10;

auto millis(TrueTime t) -> std::string {
  return format_millis(Duration{t.us});
}

auto fit(std::string text, size_t width) -> std::string {
  if (text.size() > width) text = text.substr(0, width > 3 ? width - 3 : 0) + "...";
  return text;
}

class TextCanvas {
 public:
  explicit TextCanvas(const RaceDiagram& diagram)
      : diagram_(diagram),
        column_(std::clamp<size_t>(40 / std::max<size_t>(diagram.lifelines.size(), 1), 4, 10)) {}

  auto center(uint32_t lifeline) const -> size_t { return lifeline * column_ + column_ / 2; }
  auto lanes() const -> size_t { return diagram_.lifelines.size() * column_; }

  // The column headers: every name whole, centred on its lifeline where the lane has room for
  // it; a name that would touch the one before it goes on the next line down, as many lines as
  // that takes.
  auto header() const -> std::string {
    std::vector<std::string> lines;
    for (uint32_t i = 0; i < diagram_.lifelines.size(); ++i) {
      const std::string& name = diagram_.lifelines[i];
      const size_t begin = center(i) - std::min(center(i), name.size() / 2);
      auto line = std::find_if(lines.begin(), lines.end(), [&](const std::string& l) {
        return l.empty() || l.size() < begin;  // one blank column at least between two names
      });
      if (line == lines.end()) line = lines.insert(lines.end(), std::string());
      line->resize(begin, ' ');
      *line += name;
    }
    std::string text;
    for (size_t l = 0; l < lines.size(); ++l) {
      text += fmt::format("{:>{}} {}\n", l == 0 ? "t (ms)" : "", kTimeWidth, lines[l]);
    }
    return text;
  }

  // The lifelines at a moment: '|' running, '#' holding the lock, '%' holding while paused,
  // ':' paused, blank when down.
  auto lanes_at(TrueTime at) const -> std::string {
    std::string line(lanes(), ' ');
    for (uint32_t i = 0; i < diagram_.lifelines.size(); ++i) {
      const LifelineState state = state_at(diagram_, i, at);
      line[center(i)] = state.down                      ? ' '
                        : state.holding && state.paused ? '%'
                        : state.holding                 ? '#'
                        : state.paused                  ? ':'
                                                        : '|';
    }
    return line;
  }

  auto row(TrueTime at, std::string lanes, std::string_view text) const -> std::string {
    const size_t room = kWidth - kTimeWidth - 2 - lanes.size();
    std::string line =
        fmt::format("{:>{}} {} {}", millis(at), kTimeWidth, lanes, fit(std::string(text), room));
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line + '\n';
  }

  void draw_arrow(std::string& lanes, uint32_t from, uint32_t to, bool lost) const {
    const size_t a = center(from);
    const size_t b = center(to);
    const size_t low = std::min(a, b);
    const size_t high = std::max(a, b);
    for (size_t x = low + 1; x < high; ++x) lanes[x] = '-';
    if (lost) {
      lanes[b] = 'x';
    } else if (b > a) {
      lanes[b - 1] = '>';
    } else {
      lanes[b + 1] = '<';
    }
  }

 private:
  const RaceDiagram& diagram_;
  size_t column_;
};

}  // namespace

auto render_text(const RaceDiagram& diagram) -> std::string {
  const TextCanvas canvas(diagram);
  std::string out = fit(diagram.title, kWidth) + "\n" + canvas.header();
  for (const DiagramRow& row : diagram_rows(diagram)) {
    std::string lanes = canvas.lanes_at(row.at);
    std::string text;
    switch (row.kind) {
      case DiagramRow::Kind::message: {
        const DiagramMessage& message = diagram.messages[row.index];
        canvas.draw_arrow(lanes, message.from, message.to, message.lost);
        text = message.label;
        if (message.sent != message.received)
          text += fmt::format("  (sent {})", millis(message.sent));
        if (message.lost) text += "  [lost]";
        break;
      }
      case DiagramRow::Kind::span_begin: {
        const DiagramSpan& span = diagram.spans[row.index];
        text = fmt::format("{} {}", diagram.lifelines[span.lifeline], span.label);
        break;
      }
      case DiagramRow::Kind::span_end: {
        const DiagramSpan& span = diagram.spans[row.index];
        text = fmt::format("{} {}", diagram.lifelines[span.lifeline], span.end_label);
        break;
      }
      case DiagramRow::Kind::mark: {
        const DiagramMark& mark = diagram.marks[row.index];
        lanes[canvas.center(mark.lifeline)] = '*';
        text = fmt::format("{} {}", diagram.lifelines[mark.lifeline], mark.label);
        break;
      }
      case DiagramRow::Kind::violation:
        for (const uint32_t lifeline : diagram.violations[row.index].lifelines) {
          lanes[canvas.center(lifeline)] = '!';
        }
        text = "VIOLATION " + diagram.violations[row.index].text;
        break;
    }
    out += canvas.row(row.at, std::move(lanes), text);
  }
  out += canvas.row(
      diagram.end, canvas.lanes_at(diagram.end),
      diagram.end == diagram.run_end
          ? std::string("end of run")
          : fmt::format("end of the window; the run ends at {}", millis(diagram.run_end)));
  out +=
      "legend: | running  # holds the lock  % holds while paused  : paused  (blank) down\n"
      "        --> message, on the row of its arrival  x lost  * event  ! violation\n";
  return out;
}

}  // namespace locksim
