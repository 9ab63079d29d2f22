// The --diagram and --out flags shared by `run` and `simulate`: which drawing of a run to make,
// and where it goes (DIR/NAME.txt|svg|mmd with --out; standard output otherwise, except SVG,
// which needs --out).
#pragma once

#include <optional>
#include <string>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "cli/flag_values.hpp"
#include "sim/report/diagram_render.hpp"

namespace locksim::cli {

class DiagramOutput {
 public:
  DiagramOutput() = default;
  // `out_help`: what else the command writes into --out; then --out needs no --diagram.
  explicit DiagramOutput(std::string out_help) : out_help_(std::move(out_help)) {}
  // `default_format`: the drawing made when --diagram is not given.
  DiagramOutput(std::string out_help, std::string default_format)
      : out_help_(std::move(out_help)), format_text_(std::move(default_format)) {}

  void add_flags(CLI::App& command);
  auto out_dir() const -> const std::string& { return out_dir_; }
  // Checks the flag values, and makes the --out directory when they are right; problems go to
  // the reader.
  void check(FlagReader& read);
  auto wanted() const -> bool { return format_.has_value(); }
  // Writes the drawing; false (with a message on stderr) when the file cannot be written.
  auto emit(const RaceDiagram& diagram, const std::string& name) const -> bool;

 private:
  std::string out_help_;
  std::string format_text_;
  std::string out_dir_;
  std::optional<DiagramFormat> format_;
};

// Lifeline names: the scenario's, with the simulator's own (c1, r1) beside them when they
// differ, since findings and tokens use those.
template <class Id, class Nodes>
auto lifeline_names(const Nodes& nodes) -> std::vector<std::string> {
  std::vector<std::string> names;
  for (uint32_t i = 0; i < nodes.size(); ++i) {
    const std::string own = fmt::format("{}", Id{i});
    names.push_back(nodes[i].name == own ? own : fmt::format("{} ({})", nodes[i].name, own));
  }
  return names;
}

}  // namespace locksim::cli
