// Race diagrams as Mermaid sequence diagrams; see diagram_render.hpp. Mermaid orders messages
// but has no time axis, so every line carries its true times.
#include <fmt/format.h>

#include "sim/report/diagram_render.hpp"

namespace locksim {
namespace {

// Mermaid reads ';' as a line break and '#' as the start of an entity code.
auto escape(std::string_view text) -> std::string {
  std::string out;
  for (const char c : text) {
    if (c == ';') {
      out += "#59;";
    } else if (c == '#') {
      out += "#35;";
    } else {
      out += c;
    }
  }
  return out;
}

auto millis(TrueTime t) -> std::string {
  return format_millis(Duration{t.us}) + "ms";
}

// Participant ids must be plain words; the names people gave are shown as aliases.
auto id(uint32_t lifeline) -> std::string {
  return fmt::format("L{}", lifeline);
}

}  // namespace

auto render_mermaid(const RaceDiagram& diagram) -> std::string {
  std::string out = "sequenceDiagram\n";
  out += fmt::format("  title {}\n", escape(diagram.title));
  for (uint32_t i = 0; i < diagram.lifelines.size(); ++i) {
    out += fmt::format("  participant {} as {}\n", id(i), escape(diagram.lifelines[i]));
  }
  for (const DiagramRow& row : diagram_rows(diagram)) {
    switch (row.kind) {
      case DiagramRow::Kind::message: {
        const DiagramMessage& m = diagram.messages[row.index];
        const bool reply = m.from >= diagram.clients;
        out += fmt::format("  {}{}{}: {} [{} to {}]{}\n", id(m.from),
                           m.lost  ? "-x"
                           : reply ? "-->>"
                                   : "->>",
                           id(m.to), escape(m.label), millis(m.sent), millis(m.received),
                           m.lost ? " lost" : "");
        break;
      }
      case DiagramRow::Kind::span_begin: {
        const DiagramSpan& span = diagram.spans[row.index];
        out += fmt::format("  Note over {}: {} {}\n", id(span.lifeline), millis(row.at),
                           escape(span.label));
        if (span.kind == DiagramSpan::Kind::holding)
          out += fmt::format("  activate {}\n", id(span.lifeline));
        break;
      }
      case DiagramRow::Kind::span_end: {
        const DiagramSpan& span = diagram.spans[row.index];
        if (span.kind == DiagramSpan::Kind::holding)
          out += fmt::format("  deactivate {}\n", id(span.lifeline));
        out += fmt::format("  Note over {}: {} {}\n", id(span.lifeline), millis(row.at),
                           escape(span.end_label));
        break;
      }
      case DiagramRow::Kind::mark: {
        const DiagramMark& mark = diagram.marks[row.index];
        out += fmt::format("  Note over {}: {} {}\n", id(mark.lifeline), millis(row.at),
                           escape(mark.label));
        break;
      }
      case DiagramRow::Kind::violation: {
        const DiagramViolation& v = diagram.violations[row.index];
        std::string over = id(v.lifelines.empty() ? 0 : v.lifelines.front());
        if (v.lifelines.size() > 1) over += fmt::format(",{}", id(v.lifelines.back()));
        out += "  rect rgb(255, 200, 200)\n";
        out +=
            fmt::format("  Note over {}: {} VIOLATION {}\n", over, millis(row.at), escape(v.text));
        out += "  end\n";
        break;
      }
    }
  }
  return out;
}

}  // namespace locksim
