// Throughput of the simulate driver with every invariant on and tracing off, a new seed per
// iteration: simulated events per second, lock cycles (acquisitions) per second and how many
// times faster than real time. Cases: the speed issue's runs, 10 minutes simulated as `locksim
// bench` runs them (set-nx-px, 3 clients, ttl 1s, gc-pause; Redlock, the reference client, over
// 5 masters with 10 clients) — a run's setup is then a small part of its cost, as in real use; and
// the cost per event as runs grow wide: set-nx-px under chaos with 3 to 1,000 clients, Redlock
// with 50 clients over 5 to 64 masters (events/s should stay flat).
// Run: build/locksim_bench --benchmark_filter=Simulate
#include <benchmark/benchmark.h>

#include "sim/explore/simulate.hpp"
#include "sim/explore/simulation_setup.hpp"

namespace locksim {
namespace {

void run(benchmark::State& state, const SimulationSetup& setup,
         Duration duration = Duration::seconds(60)) {
  const auto config = make_world_config(setup);
  uint64_t events = 0;
  uint64_t cycles = 0;
  uint64_t seed = 0;
  Duration simulated;
  for (auto _ : state) {
    const SimulationResult result = simulate(config, {.seed = ++seed, .duration = duration});
    events += result.steps;
    cycles += result.statistics.acquisitions;
    simulated += result.end - TrueTime{};
    benchmark::DoNotOptimize(result.trace_hash);
  }
  const auto rate = [](double value) {
    return benchmark::Counter(value, benchmark::Counter::kIsRate);
  };
  state.counters["events_per_s"] = rate(static_cast<double>(events));
  state.counters["lock_cycles_per_s"] = rate(static_cast<double>(cycles));
  state.counters["x_real_time"] = rate(static_cast<double>(simulated.us) / 1e6);
}

void BM_SimulateSetNxPxGcPause(benchmark::State& state) {
  run(state,
      {.algorithm = "set-nx-px",
       .clients = 3,
       .ttl = Duration::seconds(1),
       .faults = parse_faults("gc-pause").selections},
      Duration::seconds(600));
}
BENCHMARK(BM_SimulateSetNxPxGcPause)->Unit(benchmark::kMillisecond);

void BM_SimulateRedlockFiveServersTenClients(benchmark::State& state) {
  run(state, {.algorithm = "redlock", .clients = 10, .servers = 5}, Duration::seconds(600));
}
BENCHMARK(BM_SimulateRedlockFiveServersTenClients)->Unit(benchmark::kMillisecond);

void BM_SimulateChaosClients(benchmark::State& state) {
  run(state, {.algorithm = "set-nx-px",
              .clients = static_cast<uint32_t>(state.range(0)),
              .faults = parse_faults("chaos").selections});
}
BENCHMARK(BM_SimulateChaosClients)->Arg(3)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

void BM_SimulateRedlockMasters(benchmark::State& state) {
  run(state,
      {.algorithm = "redlock", .clients = 50, .servers = static_cast<uint32_t>(state.range(0))});
}
BENCHMARK(BM_SimulateRedlockMasters)->Arg(5)->Arg(64)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace locksim

BENCHMARK_MAIN();
