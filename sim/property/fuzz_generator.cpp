// The fuzz case generator; see fuzz_generator.hpp.
#include "sim/property/fuzz_generator.hpp"

#include <algorithm>

#include <rapidcheck.h>

namespace locksim {
namespace {

// A list of at most `most` elements that shrinks by losing elements and by shrinking each. Its
// length grows with the generation size up to `most`; its elements see the size unchanged.
template <class T>
auto short_list(rc::Gen<T> element, int most) -> rc::Gen<std::vector<T>> {
  return rc::Gen<std::vector<T>>([element, most](const rc::Random& random, int size) {
    return rc::gen::container<std::vector<T>>(rc::gen::resize(size, element))(random,
                                                                              std::min(size, most));
  });
}

auto millis_in(Duration low, Duration high) -> rc::Gen<Duration> {
  return rc::gen::map(rc::gen::inRange<int64_t>(low.us / 1000, high.us / 1000 + 1),
                      [](int64_t ms) { return Duration::millis(ms); });
}

auto count_in(uint32_t low, uint32_t high) -> rc::Gen<uint32_t> {
  return rc::gen::inRange<uint32_t>(low, std::max(low, high) + 1);
}

auto quantile_gen() -> rc::Gen<uint32_t> {
  return rc::gen::inRange<uint32_t>(0, kQuantileScale + 1);
}

auto schedule_generator(const FuzzSpace& space) -> rc::Gen<std::vector<FuzzFault>> {
  const std::vector<FaultKind> kinds = fuzzed_fault_kinds(space);
  if (kinds.empty()) return rc::gen::just(std::vector<FuzzFault>{});
  // Targets are taken modulo the case's subjects, so any index names one.
  const rc::Gen<FuzzFault> fault = rc::gen::build<FuzzFault>(
      rc::gen::set(&FuzzFault::kind, rc::gen::elementOf(kinds)),
      rc::gen::set(&FuzzFault::at, millis_in(Duration{}, space.duration_max)),
      rc::gen::set(&FuzzFault::size_ppm, quantile_gen()),
      rc::gen::set(&FuzzFault::target, rc::gen::inRange<uint32_t>(0, 64)));
  return short_list(fault, kFuzzFaultsMost);
}

// One series per (kind, subject) of the largest world, in a fixed order: only the answers
// shrink.
auto choices_generator(const FuzzSpace& space) -> rc::Gen<std::vector<ChoiceSeries>> {
  std::vector<ChoiceSeries> keys;
  for (const ChoiceKind kind : fuzzed_choice_kinds()) {
    const uint32_t subjects = choice_subjects(space, kind);
    for (uint32_t subject = 0; subject < subjects; ++subject) keys.push_back({kind, subject, {}});
  }
  const rc::Gen<std::vector<std::vector<uint32_t>>> answers =
      rc::gen::container<std::vector<std::vector<uint32_t>>>(
          keys.size(), short_list(quantile_gen(), kFuzzAnswersMost));
  return rc::gen::map(answers, [keys](std::vector<std::vector<uint32_t>> values) {
    std::vector<ChoiceSeries> series = keys;
    for (size_t i = 0; i < series.size(); ++i) series[i].answers = std::move(values[i]);
    return series;
  });
}

}  // namespace

auto fuzz_case_generator(const FuzzSpace& space) -> rc::Gen<FuzzCase> {
  return rc::gen::build<FuzzCase>(
      rc::gen::set(&FuzzCase::faults, schedule_generator(space)),
      rc::gen::set(&FuzzCase::clients, count_in(space.clients_min, space.setup.clients)),
      rc::gen::set(&FuzzCase::servers, count_in(space.servers_min, space.setup.servers)),
      rc::gen::set(&FuzzCase::duration, millis_in(space.duration_min, space.duration_max)),
      rc::gen::set(&FuzzCase::choices, choices_generator(space)));
}

}  // namespace locksim
