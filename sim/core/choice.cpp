// Names of choice kinds, as they appear in traces and replay files.
#include "sim/core/choice.hpp"

#include "sim/core/assert.hpp"

namespace locksim {

auto to_string(ChoiceKind kind) -> std::string_view {
  switch (kind) {
    case ChoiceKind::start_delay: return "start_delay";
    case ChoiceKind::request_delay: return "request_delay";
    case ChoiceKind::reply_delay: return "reply_delay";
    case ChoiceKind::work_duration: return "work_duration";
    case ChoiceKind::idle_duration: return "idle_duration";
    case ChoiceKind::retry_delay: return "retry_delay";
    case ChoiceKind::pause_interval: return "pause_interval";
    case ChoiceKind::pause_length: return "pause_length";
    case ChoiceKind::client_crash_interval: return "client_crash_interval";
    case ChoiceKind::client_downtime: return "client_downtime";
    case ChoiceKind::server_crash_interval: return "server_crash_interval";
    case ChoiceKind::server_downtime: return "server_downtime";
    case ChoiceKind::replication_lag: return "replication_lag";
    case ChoiceKind::failover_delay: return "failover_delay";
    case ChoiceKind::clock_jump_interval: return "clock_jump_interval";
    case ChoiceKind::clock_jump_size: return "clock_jump_size";
    case ChoiceKind::link_down_interval: return "link_down_interval";
    case ChoiceKind::link_down_length: return "link_down_length";
    case ChoiceKind::script_call_gap: return "script_call_gap";
  }
  LOCKSIM_UNREACHABLE("choice kind {}", static_cast<int>(kind));
}

}  // namespace locksim
