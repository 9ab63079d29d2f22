// Assertions for bugs in locksim itself: always on (not tied to NDEBUG), and they print the file,
// the line and the values involved before aborting. Bad user input never reaches these; it is
// reported as an error with exit code 2 by the layer that parsed it.
#pragma once

#include <fmt/format.h>
#include <cstdio>
#include <cstdlib>

namespace locksim::detail {

[[noreturn]] inline void assertion_failed(const char* file, int line, const char* condition,
                                          const std::string& message) {
  std::fprintf(stderr, "%s:%d: locksim bug: assertion `%s` failed: %s\n", file, line, condition,
               message.c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace locksim::detail

// LOCKSIM_ASSERT(condition, "format {}", values...) — the message says which values broke it.
#define LOCKSIM_ASSERT(condition, ...)                                    \
  do {                                                                    \
    if (!(condition)) [[unlikely]] {                                      \
      ::locksim::detail::assertion_failed(__FILE__, __LINE__, #condition, \
                                          ::fmt::format(__VA_ARGS__));    \
    }                                                                     \
  } while (false)

#define LOCKSIM_UNREACHABLE(...) \
  ::locksim::detail::assertion_failed(__FILE__, __LINE__, "unreachable", ::fmt::format(__VA_ARGS__))
