// Goal: the verdict table, stated as properties over generated fault schedules (rapidcheck).
// Each property names the class of schedules it covers; rapidcheck generates cases of it, runs
// them through simulate and shrinks any counterexample. ctest runs them with a fixed RC_PARAMS
// (seed and number of cases, tests/CMakeLists.txt); set RC_PARAMS for longer local runs, e.g.
//   RC_PARAMS="seed=5 max_success=5000" build/tests/locksim_property_tests
// A property of a safe algorithm is paired with a test that the same property fails for its
// broken sibling, so that none of them holds vacuously.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <set>

#include "sim/property/fuzz_generator.hpp"
#include "sim/property/fuzzer.hpp"
#include "test_worlds.hpp"

namespace locksim {
namespace {

// The broken siblings' tests need a failure, not the smallest one (tests/fuzz_test.cpp checks
// shrinking): a few shrinks keep them cheap, under the sanitizers too.
constexpr uint32_t kShrinkRunsHere = 50;

auto space_of(std::string algorithm, std::string_view profiles, std::vector<std::string> checked)
    -> FuzzSpace {
  FuzzSpace space;
  space.setup.algorithm = std::move(algorithm);
  space.setup.clients = 3;
  space.setup.servers = 1;
  space.setup.faults = testing::faults(profiles);
  space.invariants = std::move(checked);
  return space;
}

// Whether some holder was still paused at a moment its lease had ended on its own clock: the
// one way a pause lets a lease-keeping lock's key expire under a holder that believes it holds
// (its lease-end timer waits while it is paused).
class PausedPastLease final : public RunObserver {
 public:
  void before_step(const World& world) override {
    if (!can_step(world)) return;
    const TrueTime next = next_event_time(world);  // the paused stay paused until then
    for (const ClientState& client : world.clients) {
      if (client.status == ProcessStatus::paused && client.belief.holding &&
          client.belief.lease_end && client.clock.monotonic(next) > *client.belief.lease_end) {
        seen_ = true;
      }
    }
  }
  void finish(const World& /*world*/, TrueTime /*end*/) override {}
  auto seen() const -> bool { return seen_; }

 private:
  bool seen_ = false;
};

// Mutual exclusion holds in every case in which no holder is paused past its lease end.
auto mutex_unless_paused_past_lease(const FuzzSpace& space) -> bool {
  const FuzzCase fuzz_case = *fuzz_case_generator(space);
  PausedPastLease paused;
  const CaseRun run = run_case(space, fuzz_case, std::nullopt, &paused);
  RC_TAG(paused.seen() ? "a holder paused past its lease" : "no holder paused past its lease");
  return paused.seen() || !run.failure;
}

RC_GTEST_PROP(SetNxPx, KeepsMutexWhenNoPauseOutlastsTheHoldersLease, ()) {
  // set-nx-px dates its lease from the moment it sent SET, before the server set the key, so
  // (clocks without drift) the lease ends on the client no later than the key expires; only a
  // pause across the lease end lets another client acquire while the holder still believes.
  RC_ASSERT(mutex_unless_paused_past_lease(space_of("set-nx-px", "gc-pause", {"mutex"})));
}

// Holders that always work past their lease (1.5 s of work on a 1 s lease).
auto overrunning(std::string algorithm) -> FuzzSpace {
  FuzzSpace space = space_of(std::move(algorithm), "gc-pause", {"mutex"});
  space.setup.work = Duration::millis(1'500);
  return space;
}

RC_GTEST_PROP(SetNxPx, KeepsMutexWhenHoldersWorkPastTheirLease, ()) {
  // A holder whose lease ends stops believing it holds; its compare-and-delete then leaves the
  // next holder's key alone.
  RC_ASSERT(mutex_unless_paused_past_lease(overrunning("set-nx-px")));
}

TEST(SetNxPxDel, BreaksMutexWhenHoldersWorkPastTheirLeaseWithoutAnyPause) {
  // Its plain DEL removes the next holder's key when the overrunning holder releases, and a
  // third acquisition overlaps the next holder: the same property fails.
  const FuzzSpace space = overrunning("set-nx-px-del");
  rc::detail::TestParams params;
  params.seed = 1;
  const rc::detail::TestResult result = rc::detail::checkTestable(
      [&] { return mutex_unless_paused_past_lease(space); }, rc::detail::TestMetadata{}, params);
  EXPECT_TRUE(result.is<rc::detail::FailureResult>());
}

RC_GTEST_PROP(Fenced, NeverLetsAStaleWriteThroughAgainstAnAppendfsyncAlwaysServer, ()) {
  // Pauses, client crashes and server restarts with appendfsync always: the fencing counter is
  // never lost, so every newer holder's token is higher and the resource refuses the older one.
  const FuzzSpace space = space_of("fenced", "gc-pause,crash,restart-always", {"resource"});
  RC_ASSERT(!run_case(space, *fuzz_case_generator(space)).failure);
}

TEST(Fenced, LetsAStaleWriteThroughWhenRestartsLoseTheCounter) {
  // Without persistence a restart forgets the INCR counter: a later holder gets a lower token.
  const FuzzSpace space = space_of("fenced", "gc-pause,restart-volatile", {"resource"});
  EXPECT_TRUE(fuzz(space, {.seed = 1, .runs = 2'000, .shrink_runs_max = kShrinkRunsHere}).minimal);
}

// Distinct servers that crash during the case's run.
auto servers_crashed(const Scenario& scenario) -> size_t {
  std::set<uint32_t> crashed;
  for (const ScheduledFault& fault : scenario.crashes_and_pauses) {
    if (fault.node.kind == NodeRef::Kind::server) crashed.insert(fault.node.index);
  }
  return crashed.size();
}

// Three masters throughout, and runs of at most 3 s: Redlock's clients retry as soon as their
// smallest retry delay allows, so its runs are the longest per second simulated.
auto redlock_space(std::string_view profiles) -> FuzzSpace {
  FuzzSpace space = space_of("redlock", profiles, {"mutex"});
  space.setup.servers = 3;
  space.servers_min = 3;
  space.duration_max = Duration::seconds(3);
  return space;
}

RC_GTEST_PROP(Redlock, KeepsMutexWhenAMinorityRestartsDelayedPastTheTtl, ()) {
  // restart-delayed keeps a crashed master down longer than the ttl: whatever it forgets had
  // expired anyway. With at most one of three masters crashed, every quorum of two overlaps
  // the surviving majority's keys.
  const FuzzSpace space = redlock_space("restart-delayed");
  const FuzzCase fuzz_case = *fuzz_case_generator(space);
  const size_t crashed = servers_crashed(case_scenario(space, fuzz_case));
  RC_PRE(crashed <= 1);
  RC_TAG(crashed == 0 ? "no master crashed" : "one master crashed");
  RC_ASSERT(!run_case(space, fuzz_case).failure);
}

TEST(Redlock, BreaksMutexWhenMastersRestartAtOnceWithoutPersistence) {
  // restart-volatile brings a master back at once with its keys gone: a second client can win a
  // quorum from the restarted master and the one the first client did not lock.
  EXPECT_TRUE(fuzz(redlock_space("restart-volatile"),
                   {.seed = 1, .runs = 300, .shrink_runs_max = kShrinkRunsHere})
                  .minimal);
}

}  // namespace
}  // namespace locksim
