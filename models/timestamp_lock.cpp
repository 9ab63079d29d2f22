// The SETNX-page timestamp lock; see timestamp_lock.hpp.
#include "models/timestamp_lock.hpp"

#include <fmt/format.h>

#include "models/registry.hpp"
#include "sim/core/assert.hpp"
#include "sim/redis/integer.hpp"

namespace locksim {
namespace {

using Recovery = TimestampLockParams::Recovery;

auto to_string(TimestampLock::Phase phase) -> std::string_view {
  switch (phase) {
    case TimestampLock::Phase::idle: return "idle";
    case TimestampLock::Phase::setnx: return "setnx";
    case TimestampLock::Phase::get: return "get";
    case TimestampLock::Phase::recover: return "recover";
    case TimestampLock::Phase::holding: return "holding";
    case TimestampLock::Phase::releasing: return "releasing";
  }
  LOCKSIM_UNREACHABLE("phase {}", static_cast<int>(phase));
}

auto now_s(const ClientContext& context) -> int64_t {
  return context.wall_now.unix_ms() / 1000;
}

// The timestamp a bulk reply holds; none for nil, a non-number or another type.
auto timestamp(const redis::Reply& reply) -> std::optional<int64_t> {
  if (reply.type != redis::Reply::Type::bulk) return std::nullopt;
  return redis::parse_redis_integer(reply.text);
}

}  // namespace

auto timestamp_params(std::string name, const AlgorithmOptions& options) -> TimestampLockParams {
  TimestampLockParams params;
  params.name = std::move(name);
  params.timeout_s = (options.ttl.us + 999'999) / 1'000'000;
  apply_timings(options, Duration::seconds(params.timeout_s), params);
  return params;
}

void TimestampLock::encode(StateEncoder& encoder) const {
  encoder.add(static_cast<uint64_t>(phase_));
  encoder.add(value_);
}

auto TimestampLock::describe() const -> std::string {
  return fmt::format("{} value={}", to_string(phase_), value_);
}

// A dead holder's timestamp passes at most timeout + 1 s (+1 s of rounding) after it was taken.
auto TimestampLock::liveness_bound() const -> Duration {
  return Duration::seconds(params_->timeout_s + 2) + max_value(params_->retry_delay) * 2;
}

void TimestampLock::start(const ClientContext& context, Effects& effects) {
  effects.attempting();
  send_setnx(context, effects);
}

void TimestampLock::send_setnx(const ClientContext& context, Effects& effects) {
  phase_ = Phase::setnx;
  value_ = now_s(context) + params_->timeout_s + 1;
  effects.send(ServerId{0}, 0, redis::Command::of("SETNX", params_->key, std::to_string(value_)));
}

void TimestampLock::retry_later(Effects& effects) {
  phase_ = Phase::idle;
  effects.set_timer(TimerKind::retry, ChoiceKind::retry_delay, params_->retry_delay);
}

// The client holds until its own wall clock reaches the value it wrote.
void TimestampLock::hold(const ClientContext& context, Effects& effects) {
  phase_ = Phase::holding;
  const Duration left = Duration::seconds(value_) - Duration{context.wall_now.us};
  effects.acquired(context.monotonic_now + left, params_->key, /*token=*/"");
  effects.set_timer(TimerKind::work, ChoiceKind::work_duration, params_->work);
}

void TimestampLock::on_response(const ClientContext& context, const Response& response,
                                Effects& effects) {
  if (!response.reply) {  // a timeout: the command may or may not have happened
    if (phase_ == Phase::releasing) return release(context, effects);
    return retry_later(effects);
  }
  const redis::Reply& reply = *response.reply;
  switch (phase_) {
    case Phase::setnx:
      if (reply.type == redis::Reply::Type::integer && reply.integer == 1) {
        return hold(context, effects);
      }
      phase_ = Phase::get;
      effects.send(ServerId{0}, 0, redis::Command::of("GET", params_->key));
      return;
    case Phase::get: return on_get(context, reply, effects);
    case Phase::recover: return on_recover(context, reply, effects);
    case Phase::releasing:
      phase_ = Phase::idle;
      effects.set_timer(TimerKind::idle, ChoiceKind::idle_duration, params_->idle);
      return;
    case Phase::idle:
    case Phase::holding: break;
  }
  LOCKSIM_UNREACHABLE("{} reply in phase {}", params_->name, to_string(phase_));
}

void TimestampLock::on_get(const ClientContext& context, const redis::Reply& reply,
                           Effects& effects) {
  const std::optional<int64_t> current = timestamp(reply);
  // Released meanwhile: try SETNX again at once (the fix of kenn/redis-mutex PR #6).
  if (reply.type == redis::Reply::Type::nil) return send_setnx(context, effects);
  // Not expired (or not a timestamp): sleep and retry.
  if (!current || *current >= now_s(context)) return retry_later(effects);
  phase_ = Phase::recover;
  value_ = now_s(context) + params_->timeout_s + 1;
  if (params_->recovery == Recovery::getset) {
    effects.send(ServerId{0}, 0,
                 redis::Command::of("GETSET", params_->key, std::to_string(value_)));
  } else {
    effects.send(ServerId{0}, 0, redis::Command::of("DEL", params_->key));
  }
}

void TimestampLock::on_recover(const ClientContext& context, const redis::Reply& reply,
                               Effects& effects) {
  if (params_->recovery == Recovery::del_then_setnx) {
    // The expired lock is deleted (by us or another contender): race for it with SETNX.
    return send_setnx(context, effects);
  }
  // GETSET answered the old value: ours if it had expired (or the key was gone), else another
  // contender won and we have overwritten its timestamp with ours — "not a problem" per the page.
  const std::optional<int64_t> old = timestamp(reply);
  if (reply.type == redis::Reply::Type::nil || (old && *old < now_s(context))) {
    return hold(context, effects);
  }
  retry_later(effects);
}

void TimestampLock::on_timer(const ClientContext& context, TimerKind kind, Effects& effects) {
  switch (kind) {
    case TimerKind::retry: return send_setnx(context, effects);
    case TimerKind::idle: effects.attempting(); return send_setnx(context, effects);
    case TimerKind::work: return release(context, effects);
    case TimerKind::deadline:
    case TimerKind::renew: break;
  }
  LOCKSIM_UNREACHABLE("{} timer for {}", to_string(kind), params_->name);
}

// The critical section ends with its write; the recipe deletes the key only if its own time has
// not passed ("always check the timeout didn't expire before unlocking"); the naive lock always
// deletes.
void TimestampLock::release(const ClientContext& context, Effects& effects) {
  if (phase_ == Phase::holding) {
    effects.write_resource(std::nullopt);
    effects.released();
  }
  phase_ = Phase::releasing;
  if (params_->recovery == Recovery::getset && now_s(context) >= value_) {
    phase_ = Phase::idle;
    effects.set_timer(TimerKind::idle, ChoiceKind::idle_duration, params_->idle);
    return;
  }
  effects.send(ServerId{0}, 0, redis::Command::of("DEL", params_->key));
}

}  // namespace locksim
