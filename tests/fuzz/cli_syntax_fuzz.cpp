// Fuzz target for the redis shell's line parser (sim/redis/cli_syntax.cpp): the input is cut into
// lines as the shell reads them, and each line either splits into arguments or is refused,
// never crashing or tripping an assertion; whatever splits, written back with quote_argument
// (sdscatrepr) and joined by spaces, splits into the same arguments again; and nothing after a
// NUL changes how a line splits. Built as the scenario loader's target is (tests/CMakeLists.txt).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/assert.hpp"
#include "sim/redis/cli_syntax.hpp"

namespace {

void check_line(std::string_view line) {
  using locksim::redis::quote_argument;
  using locksim::redis::split_args;
  const auto arguments = split_args(line);
  const size_t nul = line.find('\0');
  if (nul != std::string_view::npos) {
    LOCKSIM_ASSERT(split_args(line.substr(0, nul)) == arguments, "bytes after a NUL count");
  }
  if (!arguments) return;
  std::string written;
  for (const std::string& argument : *arguments) {
    if (!written.empty()) written += ' ';
    written += quote_argument(argument);
  }
  LOCKSIM_ASSERT(split_args(written) == arguments, "{} does not split back to what it quotes",
                 written);
}

}  // namespace

extern "C" auto LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) -> int {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  while (!text.empty()) {
    const size_t end = text.find('\n');
    check_line(text.substr(0, end));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  }
  return 0;
}
