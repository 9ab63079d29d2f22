// This process's memory as the host sees it, for summaries and the checker's --memory bound
// (host facts, never results: they stay out of every report file).
#pragma once

#include <cstdint>

namespace locksim::cli {

// Resident memory now, from /proc/self/statm.
auto resident_bytes() -> uint64_t;

// The most resident memory this process has had (getrusage's ru_maxrss), since it started or
// since reset_peak_resident.
auto peak_resident_bytes() -> uint64_t;

// Starts the peak over from what is resident now (Linux's /proc/self/clear_refs), so that one
// of several runs in a process can be measured alone; false where the host does not allow it.
auto reset_peak_resident() -> bool;

}  // namespace locksim::cli
