// The comparison written for people (a Markdown table, also what `locksim compare` prints) and
// for programs (JSON). Both are functions of the outcomes and of where they came from alone (no
// dates), so they are byte-identical for any number of threads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/explore/compare.hpp"

namespace locksim {

// What made a report: the command line as typed, and the locksim build (version, git commit), so
// that a report says what regenerates it and which code it describes.
struct ReportOrigin {
  std::string command;
  std::string_view version;
  std::string_view commit;
};

// The table alone.
auto comparison_markdown(const CompareSpec& spec, const std::vector<PairOutcome>& outcomes)
    -> std::string;
// comparison.md: a title, the origin, and the table.
auto comparison_document(const ReportOrigin& origin, std::string_view table) -> std::string;
auto comparison_json(const ReportOrigin& origin, const CompareSpec& spec,
                     const std::vector<PairOutcome>& outcomes) -> std::string;

}  // namespace locksim
