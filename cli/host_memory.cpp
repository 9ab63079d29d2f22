// Host memory; see host_memory.hpp.
#include "cli/host_memory.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>

namespace locksim::cli {

auto resident_bytes() -> uint64_t {
  std::ifstream statm("/proc/self/statm");
  uint64_t pages = 0;
  uint64_t resident = 0;
  statm >> pages >> resident;
  return resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

auto peak_resident_bytes() -> uint64_t {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<uint64_t>(usage.ru_maxrss) * 1024;  // Linux reports KiB
}

auto reset_peak_resident() -> bool {
  std::ofstream clear_refs("/proc/self/clear_refs");
  clear_refs << "5";  // resets the high-water mark that ru_maxrss reads
  clear_refs.flush();
  return static_cast<bool>(clear_refs);
}

}  // namespace locksim::cli
