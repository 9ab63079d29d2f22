// Sweep specs from TOML files (`locksim sweep SPEC`), with every mistake reported as
// `file:line:col: error: message`. The format, with an example, is in the README:
//   algorithms = ["set-nx-px", "fenced"]     # or one string
//   faults = "gc-pause"
//   duration = "60s"
//   seeds = "1..200"                          # or "200", or 200
//   [workload]                                # any of clients, servers, ttl, request-timeout,
//   clients = 3                               # work, idle, retry-delay, extend-before
//   [vary]                                    # axes, crossed, in the order written
//   "gc-pause:max" = "100ms..3s step 100ms"   # a range or "a,b,c"
//   ttl = ["500ms", "1s"]                     # or an array
#pragma once

#include <optional>
#include <string>

#include "sim/explore/sweep/sweep_spec.hpp"
#include "sim/scenario/diagnostics.hpp"

namespace locksim {

struct SweepSpecLoad {
  std::optional<SweepSpec> spec;  // none when there were errors
  Diagnostics diagnostics;
};

auto load_sweep_spec_file(const std::string& path) -> SweepSpecLoad;

}  // namespace locksim
