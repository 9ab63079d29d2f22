// Choosing a drawing; see diagram_render.hpp.
#include "sim/report/diagram_render.hpp"

namespace locksim {

auto diagram_extension(DiagramFormat format) -> std::string_view {
  switch (format) {
    case DiagramFormat::text: return "txt";
    case DiagramFormat::svg: return "svg";
    case DiagramFormat::mermaid: return "mmd";
  }
  return "txt";
}

auto render(const RaceDiagram& diagram, DiagramFormat format) -> std::string {
  switch (format) {
    case DiagramFormat::text: return render_text(diagram);
    case DiagramFormat::svg: return render_svg(diagram);
    case DiagramFormat::mermaid: return render_mermaid(diagram);
  }
  return render_text(diagram);
}

}  // namespace locksim
