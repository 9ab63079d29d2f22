// The single-key lock loop; see single_key_lock.hpp.
#include "models/single_key_lock.hpp"

#include <fmt/compile.h>

#include <iterator>

#include "models/registry.hpp"
#include "sim/core/assert.hpp"

namespace locksim {
namespace {

// Redisson's RFencedLock takes its token inside the acquire script, so tokens follow the order
// in which the server granted the lock.
constexpr std::string_view kFencedAcquireScript =
    "if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then "
    "return redis.call('incr', KEYS[2]) end return false";

using Acquire = SingleKeyLockParams::Acquire;
using Release = SingleKeyLockParams::Release;

auto to_string(SingleKeyLock::Phase phase) -> std::string_view {
  switch (phase) {
    case SingleKeyLock::Phase::idle: return "idle";
    case SingleKeyLock::Phase::acquiring: return "acquiring";
    case SingleKeyLock::Phase::holding: return "holding";
    case SingleKeyLock::Phase::releasing: return "releasing";
  }
  LOCKSIM_UNREACHABLE("phase {}", static_cast<int>(phase));
}

}  // namespace

auto single_key_params(std::string name, Duration ttl) -> SingleKeyLockParams {
  return single_key_params(std::move(name), AlgorithmOptions{.ttl = ttl});
}

auto single_key_params(std::string name, const AlgorithmOptions& options) -> SingleKeyLockParams {
  SingleKeyLockParams params;
  params.name = std::move(name);
  params.ttl = options.ttl;
  apply_timings(options, options.ttl, params);
  return params;
}

void SingleKeyLock::encode(StateEncoder& encoder) const {
  encoder.add(static_cast<uint64_t>(phase_));
  encoder.serial(attempts_);
  // The token is read until the release is done; the send time only to date the lease.
  if (encoder.wants(phase_ != Phase::idle)) encoder.text(token_);
  if (encoder.wants(phase_ == Phase::acquiring)) encoder.monotonic(acquire_sent_);
  encoder.add(fencing_token_.has_value());
  encoder.add(fencing_token_.value_or(0));
}

// A crashed holder's key lives at most one lease; then every contender notices within a retry.
// The second retry allows for round trips and a lost attempt.
auto SingleKeyLock::liveness_bound() const -> Duration {
  return params_->ttl + max_value(params_->retry_delay) * 2;
}

auto SingleKeyLock::keys() const -> std::vector<KeyUse> {
  std::vector<KeyUse> keys{{.key = params_->key}};
  if (params_->acquire != Acquire::setnx) keys.front().ttl = params_->ttl;
  if (params_->acquire == Acquire::set_nx_px_fenced) {
    keys.push_back({.key = params_->fence_key, .role = KeyUse::Role::fencing_counter});
  }
  return keys;
}

auto SingleKeyLock::describe() const -> std::string {
  return fmt::format("{} token={}", to_string(phase_), token_.empty() ? "-" : token_);
}

void SingleKeyLock::start(const ClientContext& context, Effects& effects) {
  LOCKSIM_ASSERT(phase_ == Phase::idle, "start in phase {}", to_string(phase_));
  begin_acquire(context, effects);
}

void SingleKeyLock::begin_acquire(const ClientContext& context, Effects& effects) {
  effects.attempting();
  send_acquire(context, effects);
}

void SingleKeyLock::send_acquire(const ClientContext& context, Effects& effects) {
  phase_ = Phase::acquiring;
  ++attempts_;
  // Unique per client, incarnation and attempt: all a random token has to be. A compiled format:
  // this runs on every attempt, and fmt's run-time path cost a tenth of a simulation step.
  token_.clear();
  fmt::format_to(std::back_inserter(token_), FMT_COMPILE("c{}.{}.{}"), context.client.index + 1,
                 context.incarnation, attempts_);
  acquire_sent_ = context.monotonic_now;
  const std::string ttl_ms = std::to_string(params_->ttl.floor_ms());
  switch (params_->acquire) {
    case Acquire::set_nx_px:
      effects.send(ServerId{0}, kAcquireTag,
                   redis::Command::of("SET", params_->key, token_, "NX", "PX", ttl_ms));
      return;
    case Acquire::set_nx_px_fenced:
      effects.send(ServerId{0}, kAcquireTag,
                   redis::Command::of("EVAL", std::string(kFencedAcquireScript), "2", params_->key,
                                      params_->fence_key, token_, ttl_ms));
      return;
    case Acquire::setnx:
    case Acquire::setnx_then_expire:
      effects.send(ServerId{0}, kAcquireTag, redis::Command::of("SETNX", params_->key, token_));
      return;
  }
}

void SingleKeyLock::on_response(const ClientContext& /*context*/, const Response& response,
                                Effects& effects) {
  switch (response.tag) {
    case kAcquireTag: return on_acquire_reply(response, effects);
    case kExpireTag: return;  // the TTL is set (or was lost): nothing to do either way
    case kReleaseCheckTag: {
      LOCKSIM_ASSERT(phase_ == Phase::releasing, "GET reply in phase {}", to_string(phase_));
      // Only if the key still holds our token — but it may change before the DEL arrives.
      const bool ours = response.reply && response.reply->type == redis::Reply::Type::bulk &&
                        response.reply->text == token_;
      if (!ours) return finish_release(effects);
      effects.send(ServerId{0}, kReleaseTag, redis::Command::of("DEL", params_->key));
      return;
    }
    case kReleaseTag:
      LOCKSIM_ASSERT(phase_ == Phase::releasing, "release reply in phase {}", to_string(phase_));
      return finish_release(effects);
    default: LOCKSIM_UNREACHABLE("unknown tag {}", response.tag);
  }
}

void SingleKeyLock::on_acquire_reply(const Response& response, Effects& effects) {
  LOCKSIM_ASSERT(phase_ == Phase::acquiring, "acquire reply in phase {}", to_string(phase_));
  bool acquired = false;
  if (response.reply) {
    const redis::Reply& reply = *response.reply;
    switch (params_->acquire) {
      case Acquire::set_nx_px: acquired = reply.is_ok(); break;
      case Acquire::set_nx_px_fenced:
        acquired = reply.type == redis::Reply::Type::integer;
        if (acquired) fencing_token_ = static_cast<uint64_t>(reply.integer);
        break;
      case Acquire::setnx:
      case Acquire::setnx_then_expire:
        acquired = reply.type == redis::Reply::Type::integer && reply.integer == 1;
        break;
    }
  }
  if (!acquired) {
    // Taken by another, an error, or a timeout whose command may still land: try again later.
    effects.set_timer(TimerKind::retry, ChoiceKind::retry_delay, params_->retry_delay);
    return;
  }
  phase_ = Phase::holding;
  if (params_->acquire == Acquire::setnx) {
    // No expiry, so no lease: it holds until it releases.
    effects.acquired(std::nullopt, params_->key, token_);
  } else {
    effects.acquired(acquire_sent_ + params_->ttl, params_->key, token_);
  }
  if (params_->acquire == Acquire::setnx_then_expire) {
    const int64_t seconds = (params_->ttl.us + 999'999) / 1'000'000;
    effects.send(ServerId{0}, kExpireTag,
                 redis::Command::of("EXPIRE", params_->key, std::to_string(seconds)));
  }
  effects.set_timer(TimerKind::work, ChoiceKind::work_duration, params_->work);
}

void SingleKeyLock::on_timer(const ClientContext& context, TimerKind kind, Effects& effects) {
  switch (kind) {
    case TimerKind::retry: return send_acquire(context, effects);
    case TimerKind::idle: return begin_acquire(context, effects);
    case TimerKind::work:
      LOCKSIM_ASSERT(phase_ == Phase::holding, "work timer in phase {}", to_string(phase_));
      return start_release(effects);
    case TimerKind::deadline:
    case TimerKind::renew: break;
  }
  LOCKSIM_UNREACHABLE("{} timer for {}", to_string(kind), params_->name);
}

// The critical section ends with a write to the protected resource, then the release.
void SingleKeyLock::start_release(Effects& effects) {
  effects.write_resource(fencing_token_);
  fencing_token_.reset();
  effects.released();
  phase_ = Phase::releasing;
  switch (params_->release) {
    case Release::compare_and_delete:
      effects.send(ServerId{0}, kReleaseTag,
                   redis::Command::of("EVAL", std::string(redis::kCompareAndDeleteScript), "1",
                                      params_->key, token_));
      return;
    case Release::del:
      effects.send(ServerId{0}, kReleaseTag, redis::Command::of("DEL", params_->key));
      return;
    case Release::get_then_del:
      effects.send(ServerId{0}, kReleaseCheckTag, redis::Command::of("GET", params_->key));
      return;
  }
}

void SingleKeyLock::finish_release(Effects& effects) {
  phase_ = Phase::idle;
  effects.set_timer(TimerKind::idle, ChoiceKind::idle_duration, params_->idle);
}

}  // namespace locksim
