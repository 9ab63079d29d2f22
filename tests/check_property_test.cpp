// Goal: the model checker's reductions never change a verdict. Over generated small
// configurations — an algorithm of the catalog, 2 or 3 clients, 1 or 2 servers, a fault profile
// with its default budget (one fault of each kind it enables) — the checker gives the same
// verdict, the same violated invariants and counterexamples of the same length without
// reductions, with symmetry, with partial-order reduction and with both, and never more states
// with a reduction. ctest runs it on a fixed RC_PARAMS
// (tests/CMakeLists.txt); set RC_PARAMS for longer local runs, e.g.
//   RC_PARAMS="seed=7 max_success=500" build/tests/locksim_check_property_tests
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

#include "check_setup.hpp"
#include "test_worlds.hpp"

namespace locksim {
namespace {

struct Outcome {
  CheckResult::Verdict verdict;
  std::vector<std::string> violated;  // the invariants, each with its counterexample's length
  auto operator==(const Outcome&) const -> bool = default;
};

auto outcome(const CheckResult& result) -> Outcome {
  Outcome out{result.verdict, {}};
  for (const Counterexample& counterexample : result.counterexamples) {
    out.violated.push_back(std::string(counterexample.finding.invariant) + " in " +
                           std::to_string(counterexample.steps.size()) + " steps");
  }
  return out;
}

auto describe(const Outcome& out) -> std::string {
  std::string text = std::to_string(static_cast<int>(out.verdict));
  for (const std::string& violated : out.violated) text += ", " + violated;
  return text;
}

RC_GTEST_PROP(CheckReductions, KeepEveryVerdict, ()) {
  const auto algorithm =
      *rc::gen::element<std::string>("setnx-del", "setnx-expire", "set-nx-px-del", "set-nx-px",
                                     "fenced", "redlock", "redlock-node", "watchdog");
  const bool several_servers = algorithm.starts_with("redlock");
  SimulationSetup setup{.algorithm = algorithm,
                        .clients = *rc::gen::inRange<uint32_t>(2, 4),
                        .servers = several_servers ? *rc::gen::inRange<uint32_t>(1, 3) : 1,
                        .retry_delay = Duration::millis(150)};
  const auto profile =
      *rc::gen::element<std::string>("none", "gc-pause", "crash", "restart-volatile", "clock-jump");
  if (profile != "none") setup.faults = testing::faults(profile);
  RC_TAG(algorithm, setup.clients, setup.servers, profile);
  testing::Configured configured =
      testing::configure_check(setup, Duration::millis(1'200), "mutex",
                               {{ChoiceKind::work_duration, Duration::millis(500)},
                                {ChoiceKind::pause_length, Duration::millis(1'100)}});
  configured.options.invariants = {"mutex", "resource", "foreign-release", "ttl", "liveness"};
  configured.options.all = true;  // every invariant's verdict, not only the first violated
  configured.options.states_max = 50'000;

  configured.options.symmetry = false;
  configured.options.partial_order = false;
  const CheckResult unreduced = check(configured.config, configured.options);
  // Verdicts compare only where the search ended by itself (a few configurations of three
  // clients on two servers are too large for a test).
  RC_PRE(unreduced.bound == CheckResult::Bound::none);
  const Outcome expected = outcome(unreduced);
  for (const auto& [symmetry, partial_order] :
       {std::pair{true, false}, std::pair{false, true}, std::pair{true, true}}) {
    configured.options.symmetry = symmetry;
    configured.options.partial_order = partial_order;
    const CheckResult reduced = check(configured.config, configured.options);
    RC_ASSERT(reduced.symmetry == symmetry);
    RC_ASSERT(reduced.partial_order == partial_order);
    RC_ASSERT(reduced.distinct_states <= unreduced.distinct_states);
    const Outcome got = outcome(reduced);
    if (!(got == expected)) {
      RC_FAIL(std::string("without reductions ") + describe(expected) + "; with symmetry " +
              (symmetry ? "on" : "off") + " and partial order " + (partial_order ? "on" : "off") +
              " " + describe(got));
    }
  }
}

}  // namespace
}  // namespace locksim
