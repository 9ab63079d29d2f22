// The property-based driver; see fuzzer.hpp.
#include "sim/property/fuzzer.hpp"

#include <algorithm>

#include <rapidcheck.h>

#include "sim/core/assert.hpp"
#include "sim/property/data_chooser.hpp"
#include "sim/property/fuzz_generator.hpp"
#include "sim/scenario/scenario_world.hpp"

namespace locksim {
namespace {

// rapidcheck reports through a listener; the driver keeps its own counts, so it hears nothing
// (and no RC_PARAMS-configured reporter prints).
class SilentListener final : public rc::detail::TestListener {
 public:
  void onTestCaseFinished(const rc::detail::CaseDescription& /*description*/) override {}
  void onShrinkTried(const rc::detail::CaseDescription& /*shrink*/, bool /*accepted*/) override {}
  void onTestFinished(const rc::detail::TestMetadata& /*metadata*/,
                      const rc::detail::TestResult& /*result*/) override {}
};

auto first_failure(const SimulationResult& result, const std::vector<std::string>& checked,
                   std::optional<std::string_view> only) -> std::optional<Finding> {
  std::optional<Finding> first;
  for (const Finding& finding : result.first_findings()) {
    const bool counts =
        only ? finding.invariant == *only
             : std::find(checked.begin(), checked.end(), finding.invariant) != checked.end();
    if (counts && (!first || finding.step < first->step)) first = finding;
  }
  return first;
}

}  // namespace

auto run_case(const FuzzSpace& space, const FuzzCase& fuzz_case,
              std::optional<std::string_view> invariant, RunObserver* observer) -> CaseRun {
  CaseRun run{case_scenario(space, fuzz_case), {}, {}};
  DataChooser chooser(fuzz_case.choices);
  std::vector<RecordedChoice> choices;
  run.result = simulate(make_world_config(run.scenario),
                        {.seed = run.scenario.seed, .duration = run.scenario.duration},
                        {.record = &choices, .chooser = &chooser, .observer = observer});
  run.scenario.choices = std::move(choices);
  run.scenario.trace_hash = run.result.trace_hash;
  run.scenario.expect.violated.emplace();
  for (const InvariantOutcome& outcome : run.result.invariants) {
    if (outcome.count > 0) run.scenario.expect.violated->emplace_back(outcome.name);
  }
  run.failure = first_failure(run.result, space.invariants, invariant);
  return run;
}

auto fuzz(const FuzzSpace& space, const FuzzOptions& options,
          const std::function<void(const FuzzProgress&)>& progress) -> FuzzOutcome {
  FuzzOutcome outcome;
  FuzzProgress counts;
  const rc::Gen<FuzzCase> generator = fuzz_case_generator(space);
  const auto property = [&]() -> bool {
    const FuzzCase fuzz_case = *generator;
    const bool shrinking = outcome.first_failure.has_value();
    if (shrinking && counts.shrinks_tried == options.shrink_runs_max) {
      outcome.shrink_budget_reached = true;
      return true;  // rejects every further shrink: rapidcheck keeps the last failing case
    }
    const CaseRun run =
        run_case(space, fuzz_case,
                 shrinking ? std::optional<std::string_view>(outcome.invariant) : std::nullopt);
    if (shrinking) {
      ++counts.shrinks_tried;
    } else {
      ++counts.cases;
    }
    if (run.failure) {
      if (shrinking) {
        ++counts.shrinks_accepted;
      } else {
        outcome.first_failure = fuzz_case;
        outcome.invariant = std::string(run.failure->invariant);
      }
      outcome.minimal = fuzz_case;  // rapidcheck accepts every failing shrink it tries
    }
    if (progress) progress(counts);
    return !run.failure;
  };
  rc::detail::TestParams params;
  params.seed = options.seed;
  params.maxSuccess = static_cast<int>(options.runs);
  SilentListener listener;
  // With its own parameters, listener and (empty) reproduce map, rapidcheck never reads its
  // configuration, so RC_PARAMS is neither obeyed nor parsed (a bad one would end the process).
  const rc::detail::TestResult result = rc::detail::checkProperty(
      rc::detail::toProperty(property), rc::detail::TestMetadata{}, params, listener, {});
  LOCKSIM_ASSERT(result.is<rc::detail::SuccessResult>() == !outcome.first_failure,
                 "rapidcheck and the driver disagree on whether a case failed ({} cases)",
                 counts.cases);
  outcome.cases = counts.cases;
  outcome.shrinks_tried = counts.shrinks_tried;
  outcome.shrinks_accepted = counts.shrinks_accepted;
  return outcome;
}

}  // namespace locksim
