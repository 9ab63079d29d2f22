// Fuzz target for the scenario loader: any bytes either load or give at least one error, never
// crash or trip an assertion; and whatever loads writes back to a file that loads to an equal
// scenario. Built with libFuzzer when LOCKSIM_LIBFUZZER is on (clang), otherwise with the
// deterministic mutation driver in standalone_fuzz_main.cpp, which CI runs.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sim/core/assert.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/scenario/scenario_writer.hpp"

extern "C" auto LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) -> int {
  using namespace locksim;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const ScenarioLoad load = load_scenario(text, "fuzz.toml");
  if (!load.scenario) {
    LOCKSIM_ASSERT(!load.diagnostics.empty(), "a file that does not load must say why");
    return 0;
  }
  const std::string written = write_scenario(*load.scenario);
  const ScenarioLoad again = load_scenario(written, "written.toml");
  LOCKSIM_ASSERT(again.scenario.has_value(), "a written scenario does not load:\n{}\n{}",
                 again.diagnostics.format(), written);
  LOCKSIM_ASSERT(*again.scenario == *load.scenario,
                 "a written scenario loads to a different one:\n{}", written);
  return 0;
}
