// A deterministic driver for a libFuzzer-style target, for builds without libFuzzer: it feeds
// every seed file, then --iterations mutants of them (byte flips, insertions and deletions,
// lines copied across files) drawn from a fixed seed, so a CI run is the same run every time.
// Every fuzz target links it (tests/CMakeLists.txt).
// Usage: locksim_fuzz_<target> [--iterations N] PATH... (files, or directories of seed files)
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "sim/core/prng.hpp"
#include "sim/core/text_file.hpp"

extern "C" auto LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) -> int;

namespace {

void feed(const std::string& input) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
}

auto mutate(std::string input, const std::vector<std::string>& seeds, locksim::Prng& prng)
    -> std::string {
  const auto below = [&](size_t n) { return n == 0 ? 0 : static_cast<size_t>(prng.below(n)); };
  // The bytes the targets' syntaxes care about (TOML and the scenario schema, redis-cli
  // quoting, Lua and RESP texts), so mutants reach past the parsers.
  using namespace std::string_view_literals;
  static constexpr std::string_view kInteresting =
      "[]{}=\"',.#\n -0123456789smu_fx\\\0\r\t()\xff"sv;
  const size_t edits = 1 + below(4);
  for (size_t e = 0; e < edits; ++e) {
    switch (below(5)) {
      case 0:
        if (!input.empty()) input[below(input.size())] = static_cast<char>(below(256));
        break;
      case 1:
        input.insert(below(input.size() + 1), 1, kInteresting[below(kInteresting.size())]);
        break;
      case 2:
        if (!input.empty()) {
          const size_t at = below(input.size());
          input.erase(at, 1 + below(std::min<size_t>(16, input.size() - at)));
        }
        break;
      default: {  // a line of some seed, pasted anywhere
        const std::string& donor = seeds[below(seeds.size())];
        if (donor.empty()) break;
        const size_t begin = donor.rfind('\n', below(donor.size()));
        const size_t from = begin == std::string::npos ? 0 : begin + 1;
        const size_t end = donor.find('\n', from);
        input.insert(below(input.size() + 1),
                     donor.substr(from, end == std::string::npos ? end : end - from + 1));
      }
    }
  }
  return input;
}

}  // namespace

auto main(int argc, char** argv) -> int {
  uint64_t iterations = 10'000;
  std::vector<std::string> seeds;
  for (int i = 1; i < argc; ++i) {
    const std::string argument = argv[i];
    if (argument == "--iterations" && i + 1 < argc) {
      iterations = std::stoull(argv[++i]);
      continue;
    }
    std::vector<std::filesystem::path> paths;
    if (std::filesystem::is_directory(argument)) {
      for (const auto& entry : std::filesystem::directory_iterator(argument)) {
        paths.push_back(entry.path());
      }
      std::sort(paths.begin(), paths.end());  // directory order is not stable
    } else {
      paths.emplace_back(argument);
    }
    for (const auto& path : paths) seeds.push_back(locksim::read_text_file(path).value_or(""));
  }
  if (seeds.empty()) seeds.emplace_back();
  for (const std::string& seed : seeds) feed(seed);
  locksim::Prng prng(20261122);
  for (uint64_t i = 0; i < iterations; ++i) {
    feed(mutate(seeds[prng.below(seeds.size())], seeds, prng));
  }
  fmt::print("fuzz: {} seed inputs and {} mutants, no failure\n", seeds.size(), iterations);
  return 0;
}
