// Throughput of the simulate driver on the README command (set-nx-px, 3 clients, 60s simulated,
// ttl 1s, pauses up to 2s, tracing off): simulated events per second and lock cycles per second.
// Run: build/locksim_bench --benchmark_filter=Simulate
#include <benchmark/benchmark.h>

#include "sim/explore/simulate.hpp"
#include "sim/explore/simulation_setup.hpp"

namespace locksim {
namespace {

void BM_SimulateReadmeCommand(benchmark::State& state) {
  const auto config =
      make_world_config(SimulationSetup{.algorithm = "set-nx-px",
                                        .clients = 3,
                                        .ttl = Duration::seconds(1),
                                        .faults = parse_faults("gc-pause").selections});
  uint64_t events = 0;
  uint64_t cycles = 0;
  uint64_t seed = 0;
  for (auto _ : state) {
    const SimulationResult result = simulate(config, {.seed = ++seed});
    events += result.steps;
    cycles += result.statistics.acquisitions;
    benchmark::DoNotOptimize(result.trace_hash);
  }
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["lock_cycles_per_s"] =
      benchmark::Counter(static_cast<double>(cycles), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SimulateReadmeCommand)->Unit(benchmark::kMillisecond);

// Redlock (the reference client) over 5 masters with 10 contending clients, no faults, 60s
// simulated per iteration: how many times faster than real time one core simulates it.
void BM_SimulateRedlockFiveServersTenClients(benchmark::State& state) {
  const auto config =
      make_world_config(SimulationSetup{.algorithm = "redlock", .clients = 10, .servers = 5});
  uint64_t seed = 0;
  Duration simulated;
  uint64_t cycles = 0;
  for (auto _ : state) {
    const SimulationResult result = simulate(config, {.seed = ++seed});
    simulated += result.end - TrueTime{};
    cycles += result.statistics.acquisitions;
    benchmark::DoNotOptimize(result.trace_hash);
  }
  state.counters["x_real_time"] =
      benchmark::Counter(static_cast<double>(simulated.us) / 1e6, benchmark::Counter::kIsRate);
  state.counters["lock_cycles_per_s"] =
      benchmark::Counter(static_cast<double>(cycles), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SimulateRedlockFiveServersTenClients)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace locksim

BENCHMARK_MAIN();
