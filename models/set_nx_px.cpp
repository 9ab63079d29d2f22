// set-nx-px state machine; see set_nx_px.hpp.
#include "models/set_nx_px.hpp"

#include <fmt/compile.h>

#include <iterator>

#include "sim/core/assert.hpp"

namespace locksim {
namespace {

auto to_string(SetNxPx::Phase phase) -> std::string_view {
  switch (phase) {
    case SetNxPx::Phase::idle: return "idle";
    case SetNxPx::Phase::acquiring: return "acquiring";
    case SetNxPx::Phase::holding: return "holding";
    case SetNxPx::Phase::releasing: return "releasing";
  }
  LOCKSIM_UNREACHABLE("phase {}", static_cast<int>(phase));
}

}  // namespace

void SetNxPx::fingerprint(Fingerprinter& fingerprinter) const {
  // Parameters are fixed for a run and equal in every world compared, so only state is hashed.
  fingerprinter.add(static_cast<uint64_t>(phase_));
  fingerprinter.add(attempts_);
  fingerprinter.add(std::string_view(token_));
  fingerprinter.add(acquire_sent_);
}

auto SetNxPx::describe() const -> std::string {
  return fmt::format("{} token={}", to_string(phase_), token_.empty() ? "-" : token_);
}

void SetNxPx::start(const ClientContext& context, Effects& effects) {
  LOCKSIM_ASSERT(phase_ == Phase::idle, "start in phase {}", to_string(phase_));
  send_acquire(context, effects);
}

void SetNxPx::send_acquire(const ClientContext& context, Effects& effects) {
  phase_ = Phase::acquiring;
  ++attempts_;
  // Unique per client, incarnation and attempt: all a random token has to be. A compiled format:
  // this runs on every attempt, and fmt's run-time path cost a tenth of a simulation step.
  token_.clear();
  fmt::format_to(std::back_inserter(token_), FMT_COMPILE("c{}.{}.{}"), context.client.index + 1,
                 context.incarnation, attempts_);
  acquire_sent_ = context.monotonic_now;
  effects.send(ServerId{0}, kAcquireTag,
               redis::Command{{"SET", params_.key, token_, "NX", "PX",
                               std::to_string(params_.ttl.floor_ms())}});
}

void SetNxPx::on_response(const ClientContext& context, const Response& response,
                          Effects& effects) {
  (void)context;
  if (response.tag == kAcquireTag) {
    LOCKSIM_ASSERT(phase_ == Phase::acquiring, "acquire reply in phase {}", to_string(phase_));
    if (response.reply && response.reply->is_ok()) {
      phase_ = Phase::holding;
      effects.acquired(acquire_sent_ + params_.ttl);
      effects.set_timer(TimerKind::work, ChoiceKind::work_duration, params_.work);
    } else {
      // nil (held by another), an error, or a timeout whose SET may still land: try again later.
      effects.set_timer(TimerKind::retry, ChoiceKind::retry_delay, params_.retry_delay);
    }
    return;
  }
  LOCKSIM_ASSERT(response.tag == kReleaseTag, "unknown tag {}", response.tag);
  LOCKSIM_ASSERT(phase_ == Phase::releasing, "release reply in phase {}", to_string(phase_));
  phase_ = Phase::idle;
  effects.set_timer(TimerKind::idle, ChoiceKind::idle_duration, params_.idle);
}

void SetNxPx::on_timer(const ClientContext& context, TimerKind kind, Effects& effects) {
  switch (kind) {
    case TimerKind::retry:
    case TimerKind::idle: send_acquire(context, effects); return;
    case TimerKind::work:
      LOCKSIM_ASSERT(phase_ == Phase::holding, "work timer in phase {}", to_string(phase_));
      // The critical section ends with a write to the protected resource, then the release.
      effects.write_resource(std::nullopt);
      effects.released();
      phase_ = Phase::releasing;
      effects.send(ServerId{0}, kReleaseTag,
                   redis::Command{{"EVAL", std::string(redis::kCompareAndDeleteScript), "1",
                                   params_.key, token_}});
      return;
  }
}

}  // namespace locksim
