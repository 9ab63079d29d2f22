// Redlock; see redlock.hpp.
#include "models/redlock.hpp"

#include <fmt/compile.h>

#include <array>
#include <iterator>

#include "models/registry.hpp"
#include "sim/core/assert.hpp"

namespace locksim {
namespace {

auto to_string(Redlock::Phase phase) -> std::string_view {
  switch (phase) {
    case Redlock::Phase::idle: return "idle";
    case Redlock::Phase::acquiring: return "acquiring";
    case Redlock::Phase::holding: return "holding";
    case Redlock::Phase::extending: return "extending";
    case Redlock::Phase::waiting: return "waiting";
  }
  LOCKSIM_UNREACHABLE("phase {}", static_cast<int>(phase));
}

constexpr uint32_t kReleaseRound = 0xFF'FFFF;  // tags of unlock commands: replies are ignored

// The distlock page's extend ("extends the TTL of the key if the key exists and its value is
// still the random value"); redsync's touchScript and pottery's extend are this script.
constexpr std::string_view kTouchScript =
    "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], "
    "ARGV[2]) else return 0 end";
// leandromoreira/redlock-rb's LOCK_SCRIPT, which its extend also runs, with allow_new_lock
// "yes" (its default): an absent key is simply set again.
constexpr std::string_view kReacquireScript =
    "if (redis.call('exists', KEYS[1]) == 0 and ARGV[3] == 'yes') or redis.call('get', "
    "KEYS[1]) == ARGV[1] then return redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) end";

// OK from SET, 1 from PEXPIRE.
auto succeeded(const std::optional<redis::Reply>& reply) -> bool {
  return reply &&
         (reply->is_ok() || (reply->type == redis::Reply::Type::integer && reply->integer == 1));
}

}  // namespace

constexpr std::array kParameters{
    Parameter{"tries", Parameter::Kind::count, 3,
              "attempts per acquire call; 0: until one succeeds"},
    Parameter{"server-timeout", Parameter::Kind::duration, 50'000,
              "wait per master in turn, or per round when all are asked at once"},
    Parameter{"drift-permille", Parameter::Kind::count, 10,
              "clock drift allowance, per mille of the ttl"},
    Parameter{"drift-extra", Parameter::Kind::duration, 2'000, "added to the drift allowance",
              true},
};

auto redlock_parameters() -> std::span<const Parameter> {
  return kParameters;
}

auto make_redlock_with(RedlockParams params, const AlgorithmOptions& options)
    -> std::unique_ptr<LockAlgorithm> {
  if (const auto tries = options.parameter("tries")) params.tries = static_cast<uint32_t>(*tries);
  if (const auto timeout = options.parameter("server-timeout")) params.server_timeout = {*timeout};
  if (const auto permille = options.parameter("drift-permille")) {
    params.drift_permille = static_cast<uint32_t>(*permille);
  }
  if (const auto extra = options.parameter("drift-extra")) params.drift_extra = {*extra};
  return std::make_unique<Redlock>(std::move(params));
}

auto redlock_params(std::string name, const AlgorithmOptions& options) -> RedlockParams {
  RedlockParams params;
  params.name = std::move(name);
  params.ttl = options.ttl;
  params.servers = options.servers;
  params.extend_before = options.extend_before;
  apply_timings(options, options.ttl, params);
  return params;
}

void Redlock::encode(StateEncoder& encoder) const {
  encoder.add(static_cast<uint64_t>(phase_));
  encoder.serial(round_);
  encoder.add(tries_);
  // A new round makes a new token and start; idle and waiting clients read neither, and only a
  // holder (extending or not) reads its lease.
  const bool in_round = phase_ == Phase::acquiring || phase_ == Phase::extending;
  const bool holds = phase_ == Phase::holding || phase_ == Phase::extending;
  if (encoder.wants(in_round || holds)) encoder.text(token_);
  if (encoder.wants(in_round)) {
    encoder.monotonic(start_monotonic_);
    encoder.wall(start_wall_);
  }
  if (encoder.wants(holds)) encoder.monotonic(lease_end_);
  encoder.add(current_);
  encoder.add(answered_);
  encoder.add(successes_);
}

// A reply is handled only when its tag names the current round (on_response); every other
// round's replies are ignored alike, and unlocks' are never read.
auto Redlock::canonical_tag(uint32_t tag) const -> uint32_t {
  const uint32_t round = tag >> 8;
  const uint32_t kind = round == round_ ? 1 : round == kReleaseRound ? 2 : 0;
  return kind << 8 | (tag & 0xFF);
}

auto Redlock::describe() const -> std::string {
  return fmt::format("{} token={} ok={}/{}", to_string(phase_), token_.empty() ? "-" : token_,
                     successes_, answered_);
}

// The keys of a dead holder expire within a ttl; then a contender needs a round (every master
// asked, each within its timeout) after at most a retry delay — twice, for a split vote.
auto Redlock::liveness_bound() const -> Duration {
  const Duration round =
      params_.parallel ? params_.server_timeout : params_.server_timeout * params_.servers;
  return params_.ttl + (round + max_value(params_.retry_delay)) * 2;
}

void Redlock::start(const ClientContext& context, Effects& effects) {
  begin_acquire(context, effects);
}

void Redlock::begin_acquire(const ClientContext& context, Effects& effects) {
  effects.attempting();
  tries_ = 0;
  start_round(context, effects);
}

void Redlock::start_round(const ClientContext& context, Effects& effects) {
  phase_ = Phase::acquiring;
  ++round_;
  ++tries_;
  token_.clear();
  fmt::format_to(std::back_inserter(token_), FMT_COMPILE("c{}.{}.{}"), context.client.index + 1,
                 context.incarnation, round_);
  begin_round(context, effects);
}

// Asks every master (at once, or the first of them) for the lock or its extension.
void Redlock::begin_round(const ClientContext& context, Effects& effects) {
  start_monotonic_ = context.monotonic_now;
  start_wall_ = context.wall_now;
  answered_ = 0;
  successes_ = 0;
  current_ = 0;
  if (params_.parallel) {
    for (uint32_t s = 0; s < params_.servers; ++s) send_lock_command(s, effects);
  } else {
    send_lock_command(0, effects);
  }
  effects.set_fixed_timer(TimerKind::deadline, params_.server_timeout);
}

void Redlock::send_lock_command(uint32_t server, Effects& effects) {
  const std::string ttl = std::to_string(params_.ttl.floor_ms());
  if (phase_ != Phase::extending) {
    effects.send(ServerId{server}, tag(server),
                 redis::Command{{"SET", params_.key, token_, "NX", "PX", ttl}});
  } else if (params_.extend_reacquires) {
    effects.send(ServerId{server}, tag(server),
                 redis::Command{{"EVAL", std::string(kReacquireScript), "1", params_.key, token_,
                                 ttl, "yes"}});
  } else {
    effects.send(
        ServerId{server}, tag(server),
        redis::Command{{"EVAL", std::string(kTouchScript), "1", params_.key, token_, ttl}});
  }
}

void Redlock::on_response(const ClientContext& context, const Response& response,
                          Effects& effects) {
  const uint32_t server = response.tag & 0xFF;
  const bool in_round = phase_ == Phase::acquiring || phase_ == Phase::extending;
  if (!in_round || response.tag >> 8 != round_) return;  // stale or an unlock
  if (!params_.parallel && server != current_) return;   // its master already timed out
  ++answered_;
  if (succeeded(response.reply)) ++successes_;
  if (!params_.parallel) return next_server(context, effects);
  const bool quorum_reached = params_.return_at_quorum && successes_ >= quorum();
  if (quorum_reached || answered_ == params_.servers) decide(context, effects);
}

void Redlock::next_server(const ClientContext& context, Effects& effects) {
  if (++current_ == params_.servers) return decide(context, effects);
  send_lock_command(current_, effects);
  effects.set_fixed_timer(TimerKind::deadline, params_.server_timeout);
}

void Redlock::decide(const ClientContext& context, Effects& effects) {
  effects.cancel_timer(TimerKind::deadline);
  const Duration elapsed = params_.wall_clock_elapsed ? context.wall_now - start_wall_
                                                      : context.monotonic_now - start_monotonic_;
  const Duration drift = Duration::millis(params_.ttl.floor_ms() * params_.drift_permille / 1000) +
                         params_.drift_extra;
  const Duration validity = params_.ttl - elapsed - drift;
  const bool valid = params_.validity != RedlockParams::Validity::checked || validity.us > 0 ||
                     (params_.zero_validity_ok && validity.us == 0);
  const bool ok = successes_ >= quorum() && valid;
  // The lease runs until t1 + ttl - drift by the clock the client measures with; a lease the
  // unchecked client returns may already be over (node-redlock issue #296).
  const LocalTime lease_end = context.monotonic_now + validity;
  if (phase_ == Phase::extending) {
    if (!ok) return stop_holding(effects);  // the lock is lost: stop working, unlock
    lease_end_ = lease_end;
    phase_ = Phase::holding;
    effects.extended(lease_end);
    return schedule_extension(context, effects);
  }
  if (ok) {
    phase_ = Phase::holding;
    lease_end_ = lease_end;
    std::optional<LocalTime> believed_until;
    if (params_.validity != RedlockParams::Validity::none) believed_until = lease_end;
    effects.acquired(believed_until, params_.key, token_);
    effects.set_timer(TimerKind::work, ChoiceKind::work_duration, params_.work);
    return schedule_extension(context, effects);
  }
  unlock_all(effects);
  if (params_.tries != 0 && tries_ >= params_.tries) {
    effects.gave_up();
    phase_ = Phase::idle;
    effects.set_timer(TimerKind::idle, ChoiceKind::idle_duration, params_.idle);
    return;
  }
  phase_ = Phase::waiting;
  effects.set_timer(TimerKind::retry, ChoiceKind::retry_delay, params_.retry_delay);
}

// The next extension, extend_before ahead of the lease's end (none without a lease).
void Redlock::schedule_extension(const ClientContext& context, Effects& effects) {
  if (!params_.extend_before || params_.validity == RedlockParams::Validity::none) return;
  const Duration until = lease_end_ - context.monotonic_now - *params_.extend_before;
  effects.set_fixed_timer(TimerKind::renew, std::max(until, Duration{}));
}

void Redlock::extend(const ClientContext& context, Effects& effects) {
  // node-redlock: "Cannot extend an already-expired lock."
  if (params_.extend_refuses_expired && context.monotonic_now >= lease_end_) {
    return stop_holding(effects);
  }
  phase_ = Phase::extending;
  ++round_;
  begin_round(context, effects);
}

// The critical section ends (work done, or the lock lost): release it everywhere.
void Redlock::stop_holding(Effects& effects) {
  effects.released();
  effects.cancel_timer(TimerKind::work);
  effects.cancel_timer(TimerKind::renew);
  effects.cancel_timer(TimerKind::deadline);
  unlock_all(effects);
  phase_ = Phase::idle;
  effects.set_timer(TimerKind::idle, ChoiceKind::idle_duration, params_.idle);
}

// Every master, "even the instances it believed it was not able to lock".
void Redlock::unlock_all(Effects& effects) {
  for (uint32_t s = 0; s < params_.servers; ++s) {
    effects.send(ServerId{s}, kReleaseRound << 8 | s,
                 redis::Command{{"EVAL", std::string(redis::kCompareAndDeleteScript), "1",
                                 params_.key, token_}});
  }
}

void Redlock::on_timer(const ClientContext& context, TimerKind kind, Effects& effects) {
  switch (kind) {
    case TimerKind::deadline:
      LOCKSIM_ASSERT(phase_ == Phase::acquiring || phase_ == Phase::extending,
                     "deadline in phase {}", to_string(phase_));
      if (!params_.parallel) return next_server(context, effects);
      return decide(context, effects);
    case TimerKind::retry: return start_round(context, effects);
    case TimerKind::idle: return begin_acquire(context, effects);
    case TimerKind::work:
      LOCKSIM_ASSERT(phase_ == Phase::holding || phase_ == Phase::extending,
                     "work timer in phase {}", to_string(phase_));
      effects.write_resource(std::nullopt);
      return stop_holding(effects);
    case TimerKind::renew:
      LOCKSIM_ASSERT(phase_ == Phase::holding, "renew timer in phase {}", to_string(phase_));
      return extend(context, effects);
  }
  LOCKSIM_UNREACHABLE("{} timer for {}", to_string(kind), params_.name);
}

}  // namespace locksim
