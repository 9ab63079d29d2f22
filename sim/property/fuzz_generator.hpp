// The rapidcheck generator of fuzz cases, written so that what rapidcheck shrinks toward is the
// minimal story of a race: fewer faults (a list only loses faults when it shrinks, never gains
// them), earlier faults, shorter pauses, jumps, downtimes and cuts, targets toward c1 and r1,
// fewer clients and servers, a shorter run, and choices toward their distributions' smallest
// values. Small generation sizes give small cases, so rapidcheck's first cases are the simplest.
#pragma once

#include <rapidcheck/Gen.h>

#include "sim/property/fuzz_case.hpp"

namespace locksim {

// The most faults a case schedules, and the most answers it gives one (kind, subject).
inline constexpr int kFuzzFaultsMost = 4;
inline constexpr int kFuzzAnswersMost = 16;

auto fuzz_case_generator(const FuzzSpace& space) -> rc::Gen<FuzzCase>;

}  // namespace locksim
