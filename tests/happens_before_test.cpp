// Goal: the happens-before relation links exactly what messages and program order link, the
// causality it gives a violation tells the catalog's races apart, and forgetting what the world
// no longer holds changes no answer. Method: a one-command world checked event by event;
// replication checked on C-9's safe twin; three catalog scenarios whose timelines say what the
// answer must be — C-10 (the server applied A's SET before B's, A's reply came late), C-9 (the
// master that took A's lock failed before replicating it), C-5 (A's release came before B's
// lock, by messages); seeded runs under failover and chaos explained with and without forgetting.
#include <gtest/gtest.h>

#include <algorithm>

#include "sim/check/happens_before.hpp"
#include "sim/explore/causality.hpp"
#include "sim/explore/simulation_setup.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/scenario/scenario_run.hpp"
#include "test_worlds.hpp"

namespace locksim {
namespace {

// Records as the recorder does, and keeps every event's stamp with what the entry was about.
class StampedEvents final : public Tracer {
 public:
  struct Event {
    std::string_view kind;
    std::optional<ClientId> client;
    std::optional<ServerId> server;
    TrueTime at;
    CausalStamp stamp;
  };
  explicit StampedEvents(std::vector<ClientId> watched) : recorder_(std::move(watched)) {}
  void record(const World& world, const TraceEntry& entry) override {
    recorder_.record(world, entry);
    if (const std::optional<CausalStamp> stamp = recorder_.last_event()) {
      events_.push_back({entry.kind, entry.client, entry.server, entry.at, *stamp});
    }
  }
  auto events() const -> const std::vector<Event>& { return events_; }
  // The last event of this kind about this client.
  auto last(std::string_view kind, uint32_t client) const -> const Event& {
    const auto found = std::find_if(events_.rbegin(), events_.rend(), [&](const Event& e) {
      return e.kind == kind && e.client == ClientId{client};
    });
    EXPECT_NE(found, events_.rend()) << kind << " of c" << client + 1;
    return found == events_.rend() ? events_.front() : *found;
  }

 private:
  HappensBeforeRecorder recorder_;
  std::vector<Event> events_;
};

auto happens_before(const StampedEvents::Event& earlier, const StampedEvents::Event& later)
    -> bool {
  return happens_before(earlier.stamp.place, later.stamp);
}

TEST(HappensBefore, MessagesAndProgramOrderAreTheOnlyEdges) {
  // Both start at 1 ms; c1's SET is applied first and c1 holds until 103 ms; c2 is refused at
  // 2 ms and again when it retries at 53 ms.
  const auto config = testing::fixed_config(2);
  testing::FunctionChooser fixed([](const Choice& c) { return testing::first_value(c); });
  World world = make_world(config, fixed);
  StampedEvents events({ClientId{0}, ClientId{1}});
  while (can_step(world) && next_event_time(world) <= testing::at_ms(60)) {
    step(world, fixed, &events);
  }
  const auto& send = events.last("send", 0);
  const auto& apply = events.last("apply", 0);
  const auto& reply = events.last("reply", 0);
  const auto& acquired = events.last("acquired", 0);
  const auto& other_apply = events.last("apply", 1);  // the retry's
  const auto& other_reply = events.last("reply", 1);
  ASSERT_EQ(other_apply.at, testing::at_ms(54));
  EXPECT_TRUE(happens_before(send, apply));
  EXPECT_TRUE(happens_before(apply, reply));
  EXPECT_TRUE(happens_before(send, acquired));
  EXPECT_FALSE(happens_before(reply, send));
  // c2's refused SET comes after c1's on the server, so c1's send reaches c2's reply...
  EXPECT_TRUE(happens_before(send, other_reply));
  // ...but nothing c1 did after hearing its reply reaches c2's retry: no message left c1 since.
  EXPECT_FALSE(happens_before(acquired, other_apply));
  EXPECT_FALSE(happens_before(other_apply, acquired));
}

auto load_catalog_file(std::string_view file) -> Scenario {
  const ScenarioLoad load =
      load_scenario_file(std::string(LOCKSIM_SCENARIOS_DIR) + "/" + std::string(file));
  EXPECT_TRUE(load.scenario) << load.diagnostics.format();
  return load.scenario.value_or(Scenario{});
}

// C-9's safe twin: A's SET on the master M reaches the replica R 20 ms later, before M dies;
// B, asking the promoted R, is refused because of it.
TEST(HappensBefore, AReplicatedWriteHappensBeforeWhatTheReplicaDoesNext) {
  const Scenario scenario = load_catalog_file("c09-safe-crash-after-replication.toml");
  StampedEvents events({ClientId{0}, ClientId{1}});
  run_scenario(scenario, &events);
  const auto replicated =
      std::find_if(events.events().begin(), events.events().end(),
                   [](const auto& e) { return e.kind == "replicate" && e.server == ServerId{1}; });
  ASSERT_NE(replicated, events.events().end());
  EXPECT_TRUE(happens_before(events.last("send", 0), *replicated));
  EXPECT_TRUE(happens_before(*replicated, events.last("reply", 1)));
}

auto causality_of_catalog_file(std::string_view file, std::string_view invariant)
    -> std::vector<SectionCausality> {
  const Scenario scenario = load_catalog_file(file);
  const ScenarioRun run = run_scenario(scenario);
  for (const Finding& finding : run.result.first_findings()) {
    if (finding.invariant == invariant) return scenario_causality(scenario, finding);
  }
  ADD_FAILURE() << file << " has no " << invariant << " finding";
  return {};
}

TEST(HappensBefore, AReplyAfterExpiryIsConcurrentAndTheServerSawTheFirstLock) {
  const auto pairs = causality_of_catalog_file("c10-reply-after-expiry.toml", "mutex");
  ASSERT_EQ(pairs.size(), 1U);
  EXPECT_TRUE(pairs[0].concurrent);
  ASSERT_TRUE(pairs[0].lock_seen);
  EXPECT_EQ(pairs[0].lock_seen->holder, ClientId{0});    // A's SET was applied first...
  EXPECT_EQ(pairs[0].lock_seen->acquirer, ClientId{1});  // ...and B was granted after it
  EXPECT_EQ(pairs[0].lock_seen->server, ServerId{0});
}

TEST(HappensBefore, AFailoverThatLostTheLockLeavesNoCausalLink) {
  const auto pairs = causality_of_catalog_file("c09-failover-loses-the-lock.toml", "mutex");
  ASSERT_EQ(pairs.size(), 1U);
  EXPECT_TRUE(pairs[0].concurrent);
  EXPECT_FALSE(pairs[0].lock_seen);
}

TEST(HappensBefore, AReleaseBeforeTheNextLockOrdersTheSections) {
  const auto pairs = causality_of_catalog_file("c05-get-compare-then-del.toml", "foreign-release");
  ASSERT_EQ(pairs.size(), 1U);
  EXPECT_FALSE(pairs[0].concurrent);
}

// Forgetting the clocks of lost messages and of writes no replica can still apply is only
// memory: the answers are those of a recorder that keeps everything.
TEST(HappensBefore, ForgettingWhatTheWorldNoLongerHoldsChangesNoAnswer) {
  size_t compared = 0;
  for (const std::string_view algorithm : {"redlock", "watchdog", "set-nx-px"}) {
    for (const std::string_view faults : {"failover", "chaos"}) {
      const auto config = make_world_config(SimulationSetup{
          .algorithm = std::string(algorithm), .clients = 4, .faults = testing::faults(faults)});
      for (uint64_t seed = 1; seed <= 4; ++seed) {
        const SimulationOptions options{.seed = seed, .duration = Duration::seconds(120)};
        for (const Finding& finding : simulate(config, options).first_findings()) {
          if (finding.clients.size() < 2) continue;
          HappensBeforeRecorder keeping(finding.clients);
          SimulationOptions until = options;
          until.steps_max = finding.step;
          simulate(config, until, {.tracer = &keeping});
          const std::vector<SectionCausality> kept = section_causality(keeping, finding);
          const std::vector<SectionCausality> forgot = causality_of(config, options, finding);
          ASSERT_EQ(kept.size(), forgot.size()) << algorithm << " " << faults << " " << seed;
          for (size_t i = 0; i < kept.size(); ++i) {
            EXPECT_EQ(describe(kept[i]), describe(forgot[i]))
                << algorithm << " " << faults << " seed " << seed << " " << finding.invariant;
          }
          ++compared;
        }
      }
    }
  }
  EXPECT_GT(compared, 10U);
}

}  // namespace
}  // namespace locksim
