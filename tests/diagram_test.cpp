// Goal: a text race diagram says where it ends — the run's end, or only its window's — and its
// column headers show every lifeline's name whole, however many lifelines share the width.
// Method: diagrams built by hand and drawn with render_text.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "sim/report/diagram_render.hpp"
#include "sim/report/race_diagram.hpp"

namespace locksim {
namespace {

// A run of 60s with nothing drawn but its lifelines.
auto lifelines(uint32_t clients, std::vector<std::string> servers) -> RaceDiagram {
  std::vector<std::string> names;
  for (uint32_t c = 1; c <= clients; ++c) names.push_back(fmt::format("c{}", c));
  return DiagramRecorder(std::move(names), std::move(servers))
      .diagram("test", TrueTime{60'000'000}, {});
}

// The header: the lines after the title up to the first row, whose time column holds a time.
auto header(const std::string& text) -> std::string {
  std::string lines;
  size_t begin = text.find('\n') + 1;
  while (begin < text.size()) {
    const std::string line = text.substr(begin, text.find('\n', begin) - begin);
    if (line.substr(0, 10).find_first_of("0123456789") != std::string::npos) break;
    lines += line + '\n';
    begin += line.size() + 1;
  }
  return lines;
}

auto words(const std::string& text) -> std::vector<std::string> {
  std::vector<std::string> found;
  std::string word;
  for (const char ch : text + ' ') {
    if (ch != ' ' && ch != '\n') {
      word += ch;
    } else if (!word.empty()) {
      found.push_back(std::exchange(word, {}));
    }
  }
  return found;
}

TEST(TextDiagram, EveryLifelineNameIsWholeInTheHeader) {
  for (const uint32_t clients : {3U, 10U, 12U, 40U, 120U}) {
    const RaceDiagram diagram = lifelines(clients, {"r1", "sentinel-replica"});
    const std::vector<std::string> names = words(header(render_text(diagram)));
    for (const std::string& lifeline : diagram.lifelines) {
      EXPECT_NE(std::find(names.begin(), names.end(), lifeline), names.end())
          << lifeline << " with " << clients << " clients:\n"
          << header(render_text(diagram));
    }
  }
}

// The line of `text` that contains `needle`, or nothing.
auto line_with(const std::string& text, std::string_view needle) -> std::string {
  const size_t at = text.find(needle);
  if (at == std::string::npos) return {};
  const size_t begin = text.rfind('\n', at) + 1;
  return text.substr(begin, text.find('\n', at) - begin);
}

TEST(TextDiagram, TheEndMarkerIsTheRunsEndOnlyWhenItIs) {
  const RaceDiagram whole = lifelines(3, {"r1"});
  EXPECT_TRUE(line_with(render_text(whole), "end of run").starts_with(" 60000.000"))
      << render_text(whole);
  // Drawn up to 2s of the 60s run: the marker at 2s says the window ends there, not the run.
  const std::string window = render_text(clip(whole, TrueTime{}, TrueTime{2'000'000}));
  EXPECT_EQ(line_with(window, "end of run"), "") << window;
  EXPECT_TRUE(
      line_with(window, "end of the window; the run ends at 60000.000").starts_with("  2000.000"))
      << window;
}

}  // namespace
}  // namespace locksim
