// Sweep specs from TOML; see sweep_spec_loader.hpp.
#include "sim/scenario/sweep_spec_loader.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "sim/core/text_file.hpp"
#include "sim/scenario/toml_table.hpp"

namespace locksim {
namespace {

// A value written as a string or a whole number, as text.
auto scalar_text(const toml::node& node) -> std::optional<std::string> {
  if (const auto* text = node.as_string()) return text->get();
  if (const auto* number = node.as_integer()) return fmt::format("{}", number->get());
  return std::nullopt;
}

void read_workload(const toml::table& table, Diagnostics& diagnostics, SweepSpec& spec) {
  for (const auto& [key, node] : table) {
    const std::string name(key.str());
    if (std::find(std::begin(kWorkloadNames), std::end(kWorkloadNames), name) ==
        std::end(kWorkloadNames)) {
      diagnostics.error(position_of(key.source()),
                        fmt::format("[workload] has no setting '{}' (it has: {})", name,
                                    fmt::join(kWorkloadNames, ", ")));
      continue;
    }
    const std::optional<std::string> value = scalar_text(node);
    if (!value) {
      diagnostics.error(position_of(node.source()),
                        fmt::format("'{}' in [workload] takes a string or a number", name));
      continue;
    }
    spec.workload[name] = *value;
  }
}

// Axes in the order they were written (a TOML table keeps its keys sorted).
void read_axes(const toml::table& table, Diagnostics& diagnostics, SweepSpec& spec) {
  std::vector<std::pair<const toml::key*, const toml::node*>> written;
  for (const auto& [key, node] : table) written.emplace_back(&key, &node);
  std::sort(written.begin(), written.end(), [](const auto& a, const auto& b) {
    const SourcePosition pa = position_of(a.first->source());
    const SourcePosition pb = position_of(b.first->source());
    return std::pair(pa.line, pa.column) < std::pair(pb.line, pb.column);
  });
  for (const auto& [key_pointer, node_pointer] : written) {
    const toml::key& key = *key_pointer;
    const toml::node& node = *node_pointer;
    SweepAxisSpec axis{std::string(key.str()), {}};
    if (const toml::array* array = node.as_array()) {
      for (const toml::node& element : *array) {
        const std::optional<std::string> value = scalar_text(element);
        if (!value) {
          diagnostics.error(position_of(element.source()),
                            fmt::format("'{}' in [vary] holds strings or numbers", axis.name));
          continue;
        }
        axis.values.push_back(*value);
      }
    } else if (const std::optional<std::string> text = scalar_text(node)) {
      ValuesParse values = expand_values(*text);
      if (values.values.empty()) diagnostics.error(position_of(node.source()), values.error);
      axis.values = std::move(values.values);
    } else {
      diagnostics.error(position_of(node.source()),
                        fmt::format("'{}' in [vary] takes a list or a range", axis.name));
    }
    if (!axis.values.empty()) spec.axes.push_back(std::move(axis));
  }
}

}  // namespace

auto load_sweep_spec_file(const std::string& path) -> SweepSpecLoad {
  SweepSpecLoad load{std::nullopt, Diagnostics(path)};
  const TextFile file = load_text_file(path);
  if (!file.text) {
    load.diagnostics.file_error(file.error);
    return load;
  }
  toml::table root;
  try {
    root = toml::parse(*file.text, path);
  } catch (const toml::parse_error& error) {
    load.diagnostics.error(position_of(error.source()),
                           fmt::format("not valid TOML: {}", error.description()));
    return load;
  }
  const TomlTable top(root, "the sweep",
                      {"algorithms", "faults", "duration", "seeds", "workload", "vary"},
                      load.diagnostics);
  SweepSpec spec;
  if (const auto algorithms = top.texts("algorithms")) {
    spec.algorithms.clear();
    for (const Located& algorithm : *algorithms) spec.algorithms.push_back(algorithm.text);
  }
  if (const auto faults = top.text("faults")) spec.faults = faults->text;
  if (const auto duration = top.text("duration")) spec.duration = duration->text;
  if (const toml::node* seeds = root.get("seeds")) {
    const std::optional<std::string> text = scalar_text(*seeds);
    if (!text || !parse_seeds(*text).error.empty()) {
      load.diagnostics.error(position_of(seeds->source()),
                             text ? parse_seeds(*text).error : "'seeds' takes \"A..B\" or N");
    } else {
      spec.seeds = *text;
    }
  }
  if (const toml::table* workload = top.table("workload")) {
    read_workload(*workload, load.diagnostics, spec);
  }
  if (const toml::table* vary = top.table("vary")) read_axes(*vary, load.diagnostics, spec);
  if (load.diagnostics.empty()) load.spec = std::move(spec);
  return load;
}

}  // namespace locksim
