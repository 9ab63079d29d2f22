// Drawing race diagrams (race_diagram.hpp): as text for a terminal (at most 100 columns, no colour
// needed), as a standalone SVG, and as a Mermaid sequence diagram for Markdown.
#pragma once

#include <string>
#include <string_view>

#include "sim/report/race_diagram.hpp"

namespace locksim {

enum class DiagramFormat : uint8_t { text, svg, mermaid };
inline constexpr std::string_view kDiagramFormats[] = {"text", "svg", "mermaid"};
// The file extension a format is saved with.
auto diagram_extension(DiagramFormat format) -> std::string_view;

auto render_text(const RaceDiagram& diagram) -> std::string;
auto render_svg(const RaceDiagram& diagram) -> std::string;
auto render_mermaid(const RaceDiagram& diagram) -> std::string;
auto render(const RaceDiagram& diagram, DiagramFormat format) -> std::string;

}  // namespace locksim
