// From a sweep spec (text, as written) to its plan: each point's setup read by the same
// SetupFlags as `simulate` reads its flags, so a value is checked and refused the same way
// wherever it is given. Shared by `sweep`, `merge` and `threshold`.
#pragma once

#include <optional>
#include <string>

#include "cli/flag_values.hpp"
#include "cli/setup_flags.hpp"
#include "sim/explore/sweep/sweep_plan.hpp"
#include "sim/explore/sweep/sweep_spec.hpp"

namespace locksim::cli {

// Puts one axis value (a workload setting, `faults`, or PROFILE:PARAMETER) into the flags of a
// point; false (with the problem reported) when it cannot.
auto apply_axis(FlagReader& read, const std::string& name, const std::string& value,
                SetupFlags& flags) -> bool;

// The plan of the spec: a point per algorithm and combination of axis values, the first axis
// outermost; none (with the first bad point's problems reported) when a value is bad.
auto make_plan(const SweepSpec& spec, FlagReader& read) -> std::optional<SweepPlan>;

}  // namespace locksim::cli
