// Keyspace throughput on one core: the lock idiom's commands as the server executes them
// (dispatch, argument parsing, lookup, reply), without network or simulation.
// Run: build/locksim_bench --benchmark_filter=Keyspace
#include <benchmark/benchmark.h>

#include "sim/redis/commands.hpp"

namespace locksim {
namespace {

constexpr int64_t kNow = 1'767'225'600'000;

void BM_KeyspaceSetNxPx(benchmark::State& state) {
  redis::Server server;
  const redis::Command acquire{{"SET", "lock", "c1.0.1", "NX", "PX", "1000"}};
  int64_t now = kNow;
  for (auto _ : state) {
    // Alternates: expired (so SET succeeds) and held (so SET NX fails), both common in a run.
    now += 600;
    benchmark::DoNotOptimize(redis::execute(server, acquire, now));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_KeyspaceSetNxPx);

void BM_KeyspaceGet(benchmark::State& state) {
  redis::Server server;
  redis::execute(server, {{"SET", "lock", "c1.0.1"}}, kNow);
  const redis::Command get{{"GET", "lock"}};
  for (auto _ : state) benchmark::DoNotOptimize(redis::execute(server, get, kNow));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_KeyspaceGet);

void BM_KeyspaceCompareAndDelete(benchmark::State& state) {
  redis::Server server;
  const redis::Command acquire{{"SET", "lock", "c1.0.1", "PX", "1000"}};
  const redis::Command release{
      {"EVAL", std::string(redis::kCompareAndDeleteScript), "1", "lock", "c1.0.1"}};
  for (auto _ : state) {
    redis::execute(server, acquire, kNow);
    benchmark::DoNotOptimize(redis::execute(server, release, kNow));
  }
  state.SetItemsProcessed(state.iterations());  // one SET plus one release per item
}
BENCHMARK(BM_KeyspaceCompareAndDelete);

}  // namespace
}  // namespace locksim
