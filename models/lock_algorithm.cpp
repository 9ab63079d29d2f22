// Names of timer kinds, as they appear in traces.
#include "models/lock_algorithm.hpp"

#include "sim/core/assert.hpp"

namespace locksim {

auto to_string(TimerKind kind) -> std::string_view {
  switch (kind) {
    case TimerKind::retry: return "retry";
    case TimerKind::work: return "work";
    case TimerKind::idle: return "idle";
    case TimerKind::deadline: return "deadline";
    case TimerKind::renew: return "renew";
  }
  LOCKSIM_UNREACHABLE("timer kind {}", static_cast<int>(kind));
}

}  // namespace locksim
