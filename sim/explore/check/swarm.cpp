// The swarm; see swarm.hpp. Threads take the next search by number from a shared counter and
// write its result into the search's own slot, so what ends up where does not depend on which
// thread ran what, or when.
#include "sim/explore/check/swarm.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>

#include "sim/core/assert.hpp"
#include "sim/core/prng.hpp"

namespace locksim {
namespace {

constexpr uint64_t kSuccessorOrderStream = 1;  // the PRNG stream of the successor-order keys

auto first_where(const std::vector<SwarmSearch>& searches, CheckResult::Verdict verdict)
    -> const SwarmSearch* {
  const auto it = std::find_if(searches.begin(), searches.end(), [&](const SwarmSearch& search) {
    return search.result.verdict == verdict;
  });
  return it == searches.end() ? nullptr : &*it;
}

}  // namespace

auto SwarmResult::first_violation() const -> const SwarmSearch* {
  return first_where(searches, CheckResult::Verdict::violated);
}

auto SwarmResult::first_verified() const -> const SwarmSearch* {
  return first_where(searches, CheckResult::Verdict::verified);
}

auto SwarmResult::least_omission() const -> const SwarmSearch* {
  const SwarmSearch* least = nullptr;
  for (const SwarmSearch& search : searches) {
    if (search.result.verdict != CheckResult::Verdict::no_violation_found) continue;
    if (!least || search.result.omission_probability < least->result.omission_probability) {
      least = &search;
    }
  }
  return least;
}

auto swarm_search_options(const CheckOptions& base, uint32_t number) -> CheckOptions {
  LOCKSIM_ASSERT(number >= 1, "search {}", number);
  CheckOptions options = base;
  options.jobs = 1;
  options.progress = nullptr;  // called from the calling thread only, and a search runs on another
  options.graph = nullptr;
  options.bitstate_salt = number - 1;
  if (number == 1) return options;
  // A zero key would mean "the enumerated order": draw again (with 2^-64 odds, never).
  Prng keys = Prng::for_stream(number, kSuccessorOrderStream);
  do {
    options.successor_order = keys.next_u64();
  } while (options.successor_order == 0);
  if (number % 2 == 0) {
    options.order = base.order == CheckOptions::Order::breadth_first
                        ? CheckOptions::Order::depth_first
                        : CheckOptions::Order::breadth_first;
  }
  return options;
}

auto run_swarm(const std::shared_ptr<const WorldConfig>& config, const CheckOptions& base,
               const SwarmOptions& swarm) -> SwarmResult {
  SwarmResult result;
  for (uint32_t number = 1; number <= swarm.searches; ++number) {
    if (!swarm.shard.contains(number - 1)) continue;
    const CheckOptions options = swarm_search_options(base, number);
    result.searches.push_back({number, options.order, options.successor_order, {}});
  }
  std::vector<std::exception_ptr> errors(result.searches.size());
  std::atomic<size_t> next = 0;
  const auto work = [&] {
    for (size_t i = next++; i < result.searches.size(); i = next++) {
      SwarmSearch& search = result.searches[i];
      try {
        search.result = check(config, swarm_search_options(base, search.number));
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  const size_t threads = std::clamp<size_t>(swarm.jobs, 1, result.searches.size());
  std::vector<std::thread> workers;
  for (size_t t = 1; t < threads; ++t) workers.emplace_back(work);
  work();
  for (std::thread& worker : workers) worker.join();
  for (const std::exception_ptr& error : errors) {
    if (error) std::rethrow_exception(error);
  }
  return result;
}

}  // namespace locksim
