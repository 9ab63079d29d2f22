// The --diagram and --out flags shared by `run` and `simulate`: which drawing of a run to make,
// and where it goes (DIR/NAME.txt|svg|mmd with --out; standard output otherwise, except SVG,
// which needs --out).
#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/flag_values.hpp"
#include "sim/report/diagram_render.hpp"

namespace locksim::cli {

class DiagramOutput {
 public:
  void add_flags(CLI::App& command);
  // Checks the flag values, and makes the --out directory when they are right; problems go to
  // the reader.
  void check(FlagReader& read);
  auto wanted() const -> bool { return format_.has_value(); }
  // Writes the drawing; false (with a message on stderr) when the file cannot be written.
  auto emit(const RaceDiagram& diagram, const std::string& name) const -> bool;

 private:
  std::string format_text_;
  std::string out_dir_;
  std::optional<DiagramFormat> format_;
};

}  // namespace locksim::cli
