// This process's memory as the host sees it, for summaries and the checker's --memory bound
// (host facts, never results: they stay out of every report file).
#pragma once

#include <cstdint>

namespace locksim::cli {

// Resident memory now, from /proc/self/statm.
auto resident_bytes() -> uint64_t;

// The most resident memory this process has had (getrusage's ru_maxrss).
auto peak_resident_bytes() -> uint64_t;

}  // namespace locksim::cli
