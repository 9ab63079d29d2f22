// What the counter workloads share (counter_workload.cpp, locked_counter.cpp): the counter's key
// and how a GET's reply reads as its value.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/redis/reply.hpp"

namespace locksim {

inline constexpr std::string_view kCounterKey = "counter";

// A missing counter is 0 (no increment landed yet); the workloads write nothing but numbers.
auto counter_value(const redis::Reply& reply) -> int64_t;

}  // namespace locksim
