// Throughput of the model checker: distinct states per second on 1 and 2 jobs, without the
// reductions (second argument 0) and with them (1, the default), for set-nx-px-del under one
// gc-pause (2 clients, 1 server, retries every 150 ms, horizon 3 s) and redlock over 3 masters
// without faults (2 clients, retries every 200 ms, horizon 5 s); messages take 200 us, clients
// start at 0, work 500 ms, idle 0. The reductions shrink both graphs (the `states` counter).
// Run: build/locksim_bench --benchmark_filter=Check
#include <benchmark/benchmark.h>

#include "sim/explore/check/model_checker.hpp"
#include "sim/explore/simulation_setup.hpp"

namespace locksim {
namespace {

// range(0): jobs; range(1): reductions on (1, the default) or off (0).
auto bench_options(Duration horizon, const benchmark::State& state) -> CheckOptions {
  CheckOptions options;
  options.horizon = horizon;
  options.jobs = static_cast<uint32_t>(state.range(0));
  options.symmetry = state.range(1) != 0;
  options.partial_order = state.range(1) != 0;
  options.invariants = {std::begin(kInvariantNames), std::end(kInvariantNames)};
  options.all = true;  // explore everything within the horizon, violations or not
  options.domains.set(ChoiceKind::start_delay, {Duration{}});
  options.domains.set(ChoiceKind::request_delay, {Duration::micros(200)});
  options.domains.set(ChoiceKind::reply_delay, {Duration::micros(200)});
  options.domains.set(ChoiceKind::work_duration, {Duration::millis(500)});
  options.domains.set(ChoiceKind::idle_duration, {Duration{}});
  return options;
}

void run(benchmark::State& state, const std::shared_ptr<const WorldConfig>& config,
         CheckOptions options) {
  options.budget = default_budget(*config);
  uint64_t states = 0;
  for (auto _ : state) {
    const CheckResult result = check(config, options);
    states += result.distinct_states;
    benchmark::DoNotOptimize(result.transitions);
  }
  state.counters["states_per_s"] =
      benchmark::Counter(static_cast<double>(states), benchmark::Counter::kIsRate);
  state.counters["states"] =
      benchmark::Counter(static_cast<double>(states) / static_cast<double>(state.iterations()));
}

void BM_CheckSetNxPxDelGcPause(benchmark::State& state) {
  const auto config = make_world_config({.algorithm = "set-nx-px-del",
                                         .clients = 2,
                                         .servers = 1,
                                         .faults = parse_faults("gc-pause").selections,
                                         .retry_delay = Duration::millis(150)});
  run(state, config, bench_options(Duration::seconds(3), state));
}
BENCHMARK(BM_CheckSetNxPxDelGcPause)
    ->ArgsProduct({{1, 2}, {0, 1}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_CheckRedlockThreeServers(benchmark::State& state) {
  const auto config = make_world_config(
      {.algorithm = "redlock", .clients = 2, .servers = 3, .retry_delay = Duration::millis(200)});
  run(state, config, bench_options(Duration::seconds(5), state));
}
BENCHMARK(BM_CheckRedlockThreeServers)
    ->ArgsProduct({{1, 2}, {0, 1}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace locksim
