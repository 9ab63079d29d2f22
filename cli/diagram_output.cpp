// Diagram flags; see diagram_output.hpp.
#include "cli/diagram_output.hpp"

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

namespace locksim::cli {

void DiagramOutput::add_flags(CLI::App& command) {
  command.add_option("--diagram", format_text_,
                     "Draw the run as a race diagram: text, svg or mermaid");
  command.add_option("--out", out_dir_,
                     fmt::format("Directory for {}the diagrams (NAME.txt, NAME.svg, NAME.mmd); "
                                 "text and mermaid go to standard output without it",
                                 out_help_.empty() ? "" : out_help_ + " and "));
}

void DiagramOutput::check(FlagReader& read) {
  if (format_text_.empty()) {
    if (!out_dir_.empty() && out_help_.empty()) {
      read.error("--out", "needs --diagram to say what to draw");
    } else if (!out_dir_.empty()) {
      read.output_directory("--out", out_dir_, {});
    }
    return;
  }
  for (size_t i = 0; i < std::size(kDiagramFormats); ++i) {
    if (kDiagramFormats[i] == format_text_) format_ = static_cast<DiagramFormat>(i);
  }
  if (!format_) {
    read.error("--diagram",
               fmt::format("unknown format '{}' (known: text, svg, mermaid)", format_text_));
  } else if (*format_ == DiagramFormat::svg && out_dir_.empty()) {
    read.error("--diagram", "svg needs --out DIR to write the files into");
  }
  if (!out_dir_.empty()) read.output_directory("--out", out_dir_, {});
}

auto DiagramOutput::emit(const RaceDiagram& diagram, const std::string& name) const -> bool {
  const std::string drawing = render(diagram, *format_);
  if (out_dir_.empty()) {
    fmt::print("{}", drawing);
    return true;
  }
  // check() made the directory.
  const std::filesystem::path path =
      std::filesystem::path(out_dir_) / fmt::format("{}.{}", name, diagram_extension(*format_));
  std::ofstream file(path, std::ios::binary);
  file << drawing;
  if (!file) {
    fmt::print(stderr, "locksim: error: cannot write '{}'\n", path.string());
    return false;
  }
  return true;
}

}  // namespace locksim::cli
