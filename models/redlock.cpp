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
    case Redlock::Phase::releasing: return "releasing";
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
// node-redlock's ACQUIRE_SCRIPT and EXTEND_SCRIPT (4.2.0 redlock.js:9-24 and 40-55, 5.0 main
// src/index.ts:12-44), for one key: the acquire refuses a key that exists whatever its value,
// ours included; the extend refuses one whose value is not ours, absent included.
constexpr std::string_view kNodeAcquireScript =
    "if redis.call('exists', KEYS[1]) == 1 then return 0 end "
    "redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1";
constexpr std::string_view kNodeExtendScript =
    "if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end "
    "redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1";

// OK from SET, 1 from PEXPIRE and node-redlock's scripts.
auto succeeded(const std::optional<redis::Reply>& reply) -> bool {
  return reply &&
         (reply->is_ok() || (reply->type == redis::Reply::Type::integer && reply->integer == 1));
}

auto drift_of(const RedlockParams& params) -> Duration {
  const int64_t scaled = params.ttl.us * params.drift_permille;  // ttl * factor, in us * 1000
  switch (params.drift_rounding) {
    case RedlockParams::DriftRounding::floor_ms:
      return Duration::millis(params.ttl.floor_ms() * params.drift_permille / 1000) +
             params.drift_extra;
    case RedlockParams::DriftRounding::round_ms:
      return Duration::millis((scaled / 1000 + 500) / 1000) + params.drift_extra;
    case RedlockParams::DriftRounding::exact: return Duration{scaled / 1000} + params.drift_extra;
  }
  LOCKSIM_UNREACHABLE("drift rounding {}", static_cast<int>(params.drift_rounding));
}

}  // namespace

auto redlock_parameters(const RedlockParams& d) -> std::vector<Parameter> {
  using Kind = Parameter::Kind;
  return {
      {"tries", Kind::count, d.tries, "attempts per acquire call; 0: until one succeeds"},
      {"server-timeout", Kind::duration, d.server_timeout.us,
       "the library's wait for one command: per master in turn, or per round when all are "
       "asked at once"},
      {"round-deadline", Kind::duration, d.round_deadline ? d.round_deadline->us : 0,
       "all at once: a deadline that cuts the round; 0: the round waits for every master", true},
      {"resends", Kind::count, d.resends,
       "times a timed-out command is sent again (the client library's retries; at most 3)", false,
       3},
      {"token-per-call", Kind::count, d.token_per_call ? 1 : 0,
       "1: one token per acquire call, reused by its retries; 0: a new token per attempt"},
      {"start-per-call", Kind::count, d.start_per_call ? 1 : 0,
       "1: the expiration counts from the call's start; 0: from the successful attempt's"},
      {"drift-permille", Kind::count, d.drift_permille,
       "clock drift allowance, per mille of the ttl"},
      {"drift-extra", Kind::duration, d.drift_extra.us, "added to the drift allowance", true},
  };
}

auto make_redlock_with(RedlockParams params, const AlgorithmOptions& options)
    -> std::unique_ptr<LockAlgorithm> {
  if (const auto tries = options.parameter("tries")) params.tries = static_cast<uint32_t>(*tries);
  if (const auto timeout = options.parameter("server-timeout")) params.server_timeout = {*timeout};
  if (const auto deadline = options.parameter("round-deadline")) {
    params.round_deadline = *deadline > 0 ? std::optional<Duration>{{*deadline}} : std::nullopt;
  }
  if (const auto resends = options.parameter("resends")) {
    params.resends = static_cast<uint32_t>(*resends);
  }
  if (const auto per_call = options.parameter("token-per-call")) {
    params.token_per_call = *per_call != 0;
  }
  if (const auto per_call = options.parameter("start-per-call")) {
    params.start_per_call = *per_call != 0;
  }
  if (const auto permille = options.parameter("drift-permille")) {
    params.drift_permille = static_cast<uint32_t>(*permille);
  }
  if (const auto extra = options.parameter("drift-extra")) params.drift_extra = {*extra};
  // Two bits of a tag count the resends (the parameter's count_max).
  LOCKSIM_ASSERT(params.resends <= 3, "{} resends {} times; tags take at most 3", params.name,
                 params.resends);
  // Six bits of a tag name the server: indices 0..63, as many masters as --servers allows.
  LOCKSIM_ASSERT(params.servers <= 64, "{} locks {} masters; tags name at most 64", params.name,
                 params.servers);
  return std::make_unique<Redlock>(std::move(params));
}

auto redlock_params(std::string name, const AlgorithmOptions& options) -> RedlockParams {
  RedlockParams params;
  params.name = std::move(name);
  params.ttl = options.ttl;
  params.servers = options.servers;
  params.extend_before = options.extend_before;
  params.request_timeout = options.request_timeout;
  apply_timings(options, options.ttl, params);
  return params;
}

void Redlock::encode(StateEncoder& encoder) const {
  encoder.add(static_cast<uint64_t>(phase_));
  encoder.add(extension_call_);
  encoder.serial(round_);
  encoder.add(tries_);
  // A token lives for an attempt, or for the call when it is reused; the starts are read when a
  // round is decided, the lease by a holder (extending or not).
  const bool keeps_token =
      in_round() || holds() || (params_->token_per_call && phase_ == Phase::waiting);
  if (encoder.wants(keeps_token)) encoder.text(token_);
  if (encoder.wants(in_round())) {
    encoder.monotonic(start_monotonic_);
    encoder.wall(start_wall_);
  }
  if (encoder.wants(params_->start_per_call && phase_ != Phase::idle)) {
    encoder.wall(call_start_wall_);
  }
  if (encoder.wants(holds())) {
    if (params_->lease_on_wall) {
      encoder.wall(lease_end_);
    } else {
      encoder.monotonic(lease_end_);
    }
  }
  encoder.add(current_);
  encoder.add(resent_);
  for (const uint8_t resent : resent_each_) encoder.add(static_cast<uint64_t>(resent));
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
// asked, each within its timeout and resends, and the unlocks answered when it waits for them)
// after at most a retry delay — twice, for a split vote.
auto Redlock::liveness_bound() const -> Duration {
  Duration wait = params_->server_timeout;  // the library's, or the world's when that is shorter
  if (params_->request_timeout.us > 0) wait = std::min(wait, params_->request_timeout);
  const Duration command = wait * (params_->resends + 1);
  Duration round = params_->parallel ? std::min(params_->round_deadline.value_or(command), command)
                                     : command * params_->servers;
  if (params_->wait_for_release) round = round * 2;
  return params_->ttl + (round + max_value(params_->retry_delay)) * 2;
}

auto Redlock::max_tries() const -> uint32_t {
  return extension_call_ && !params_->extend_retries ? 1 : params_->tries;
}

auto Redlock::lease_clock_now(const ClientContext& context) const -> LocalTime {
  return params_->lease_on_wall ? context.wall_now : context.monotonic_now;
}

auto Redlock::as_monotonic(const ClientContext& context, LocalTime lease_end) const -> LocalTime {
  return params_->lease_on_wall ? context.monotonic_now + (lease_end - context.wall_now)
                                : lease_end;
}

void Redlock::start(const ClientContext& context, Effects& effects) {
  begin_acquire(context, effects);
}

void Redlock::begin_acquire(const ClientContext& context, Effects& effects) {
  effects.attempting();
  extension_call_ = false;
  tries_ = 0;
  call_start_wall_ = context.wall_now;
  if (params_->token_per_call) {
    token_.clear();  // named for the round of the call's first attempt
    fmt::format_to(std::back_inserter(token_), FMT_COMPILE("c{}.{}.{}"), context.client.index + 1,
                   context.incarnation, round_ + 1);
  }
  start_attempt(context, effects);
}

void Redlock::start_attempt(const ClientContext& context, Effects& effects) {
  phase_ = extension_call_ ? Phase::extending : Phase::acquiring;
  ++round_;
  ++tries_;
  if (!params_->token_per_call && !extension_call_) {
    token_.clear();
    fmt::format_to(std::back_inserter(token_), FMT_COMPILE("c{}.{}.{}"), context.client.index + 1,
                   context.incarnation, round_);
  }
  begin_round(context, effects);
}

// Asks every master (at once, or the first of them) for the lock, its extension, or its
// release.
void Redlock::begin_round(const ClientContext& context, Effects& effects) {
  start_monotonic_ = context.monotonic_now;
  start_wall_ = context.wall_now;
  answered_ = 0;
  successes_ = 0;
  current_ = 0;
  resent_ = 0;
  std::fill(resent_each_.begin(), resent_each_.end(), 0);
  if (params_->parallel) {
    for (uint32_t s = 0; s < params_->servers; ++s) send_lock_command(s, effects);
    // Every command's wait, its resends included, unless a deadline cuts the round first.
    effects.set_fixed_timer(
        TimerKind::deadline,
        params_->round_deadline.value_or(params_->server_timeout * (params_->resends + 1)));
  } else {
    send_lock_command(0, effects);
    effects.set_fixed_timer(TimerKind::deadline, params_->server_timeout);
  }
}

void Redlock::send_lock_command(uint32_t server, Effects& effects) {
  const std::string ttl = std::to_string(params_->ttl.floor_ms());
  const auto eval = [&](std::string_view script, auto... extra) {
    effects.send(ServerId{server}, tag(server),
                 redis::Command::of("EVAL", std::string(script), "1", params_->key, token_,
                                    std::string(extra)...));
  };
  if (phase_ == Phase::releasing) return eval(redis::kCompareAndDeleteScript);
  if (phase_ == Phase::acquiring) {
    if (params_->script == RedlockParams::Script::node) return eval(kNodeAcquireScript, ttl);
    effects.send(ServerId{server}, tag(server),
                 redis::Command::of("SET", params_->key, token_, "NX", "PX", ttl));
    return;
  }
  if (params_->script == RedlockParams::Script::node) return eval(kNodeExtendScript, ttl);
  if (params_->extend_reacquires) return eval(kReacquireScript, ttl, std::string("yes"));
  eval(kTouchScript, ttl);
}

void Redlock::on_response(const ClientContext& context, const Response& response,
                          Effects& effects) {
  if (!in_round() || response.tag >> 8 != round_) return;  // stale or an unlock
  const uint32_t server = response.tag & 0x3F;
  const uint32_t resend = response.tag >> 6 & 3;
  if (!params_->parallel) {
    // Its master already timed out, or this answers a command since sent again.
    if (server != current_ || resend != resent_) return;
    if (!response.reply) return server_failed(context, effects);  // timed out
    ++answered_;
    if (succeeded(response.reply)) ++successes_;
    return next_server(context, effects);
  }
  if (resend != resent_each_[server]) return;  // answers a command since sent again
  if (!response.reply && resent_each_[server] < params_->resends) {
    ++resent_each_[server];  // timed out: the client library sends it again (go-redis's retry)
    return send_lock_command(server, effects);
  }
  ++answered_;
  if (succeeded(response.reply)) ++successes_;
  const bool quorum_voted = params_->decide == RedlockParams::Decide::quorum_either &&
                            (successes_ >= quorum() || answered_ - successes_ >= quorum());
  if (quorum_voted || answered_ == params_->servers) decide(context, effects);
}

// One after another: the current master's command timed out (no reply, or the deadline). The
// library sends it again while it has resends left (redis-rb's reconnect), else moves on.
void Redlock::server_failed(const ClientContext& context, Effects& effects) {
  if (resent_ < params_->resends) {
    ++resent_;
    send_lock_command(current_, effects);
    effects.set_fixed_timer(TimerKind::deadline, params_->server_timeout);
    return;
  }
  ++answered_;
  next_server(context, effects);
}

void Redlock::next_server(const ClientContext& context, Effects& effects) {
  if (++current_ == params_->servers) return decide(context, effects);
  resent_ = 0;
  send_lock_command(current_, effects);
  effects.set_fixed_timer(TimerKind::deadline, params_->server_timeout);
}

void Redlock::decide(const ClientContext& context, Effects& effects) {
  effects.cancel_timer(TimerKind::deadline);
  if (phase_ == Phase::releasing) return after_failed_attempt(context, effects);
  const Duration drift = drift_of(*params_);
  // The lease runs until t1 + ttl - drift by the clock the client keeps it on; a lease the
  // unchecked client returns may already be over (node-redlock issue #296).
  LocalTime lease_end;
  Duration validity;
  if (params_->lease_on_wall) {
    const LocalTime start = params_->start_per_call ? call_start_wall_ : start_wall_;
    lease_end = start + params_->ttl - drift;
    validity = lease_end - context.wall_now;
  } else {
    const Duration elapsed = params_->wall_clock_elapsed ? context.wall_now - start_wall_
                                                         : context.monotonic_now - start_monotonic_;
    validity = params_->ttl - elapsed - drift;
    lease_end = context.monotonic_now + validity;
  }
  const bool valid = params_->validity != RedlockParams::Validity::checked || validity.us > 0 ||
                     (params_->zero_validity_ok && validity.us == 0);
  if (successes_ < quorum() || !valid) return attempt_failed(context, effects);
  lease_end_ = lease_end;
  phase_ = Phase::holding;
  if (extension_call_) {
    extension_call_ = false;
    effects.extended(as_monotonic(context, lease_end));
    return schedule_extension(context, effects);
  }
  effects.acquired(as_monotonic(context, lease_end), params_->key, token_);
  effects.set_timer(TimerKind::work, ChoiceKind::work_duration, params_->work);
  schedule_extension(context, effects);
}

// An attempt without a (valid) quorum: unlock (after every attempt, or after the last), then
// retry or give up. An extension's last failure loses the lock.
void Redlock::attempt_failed(const ClientContext& context, Effects& effects) {
  const bool last = max_tries() != 0 && tries_ >= max_tries();
  if (extension_call_ && last) return extension_failed(context, effects);
  if (params_->release_between_tries || last) {
    if (params_->wait_for_release) {
      phase_ = Phase::releasing;
      ++round_;
      return begin_round(context, effects);
    }
    unlock_all(effects);
  }
  after_failed_attempt(context, effects);
}

void Redlock::after_failed_attempt(const ClientContext& context, Effects& effects) {
  (void)context;
  if (max_tries() != 0 && tries_ >= max_tries()) {
    effects.gave_up();
    phase_ = Phase::idle;
    effects.set_timer(TimerKind::idle, ChoiceKind::idle_duration, params_->idle);
    return;
  }
  phase_ = Phase::waiting;
  effects.set_timer(TimerKind::retry, ChoiceKind::retry_delay, params_->retry_delay);
}

// node-redlock 5's using() extends again while the lock is unexpired (src/index.ts:734-736);
// the guard on time moving keeps a world without delays from looping at one instant.
void Redlock::extension_failed(const ClientContext& context, Effects& effects) {
  const LocalTime now = lease_clock_now(context);
  const LocalTime call_start = params_->lease_on_wall ? call_start_wall_ : start_monotonic_;
  if (params_->extend_until_expired && lease_end_ > now && now > call_start) {
    return extend(context, effects);
  }
  stop_holding(effects);
}

// The next extension, extend_before ahead of the lease's end, by the clock the lease is on.
void Redlock::schedule_extension(const ClientContext& context, Effects& effects) {
  if (!params_->extend_before) return;
  const Duration until = lease_end_ - lease_clock_now(context) - *params_->extend_before;
  effects.set_fixed_timer(TimerKind::renew, std::max(until, Duration{}));
}

void Redlock::extend(const ClientContext& context, Effects& effects) {
  // node-redlock: "Cannot extend an already-expired lock." once expiration < Date.now().
  if (params_->extend_refuses_expired && lease_end_ < lease_clock_now(context)) {
    return stop_holding(effects);
  }
  extension_call_ = true;
  tries_ = 0;
  call_start_wall_ = context.wall_now;
  start_attempt(context, effects);
}

// The critical section ends (work done, or the lock lost): release it everywhere.
void Redlock::stop_holding(Effects& effects) {
  effects.released();
  effects.cancel_timer(TimerKind::work);
  effects.cancel_timer(TimerKind::renew);
  effects.cancel_timer(TimerKind::deadline);
  if (extension_call_) effects.cancel_timer(TimerKind::retry);
  extension_call_ = false;
  unlock_all(effects);
  phase_ = Phase::idle;
  effects.set_timer(TimerKind::idle, ChoiceKind::idle_duration, params_->idle);
}

// Every master, "even the instances it believed it was not able to lock".
void Redlock::unlock_all(Effects& effects) {
  for (uint32_t s = 0; s < params_->servers; ++s) {
    effects.send(ServerId{s}, kReleaseRound << 8 | s,
                 redis::Command::of("EVAL", std::string(redis::kCompareAndDeleteScript), "1",
                                    params_->key, token_));
  }
}

void Redlock::on_timer(const ClientContext& context, TimerKind kind, Effects& effects) {
  switch (kind) {
    case TimerKind::deadline:
      LOCKSIM_ASSERT(in_round(), "deadline in phase {}", to_string(phase_));
      if (!params_->parallel) return server_failed(context, effects);
      return decide(context, effects);
    case TimerKind::retry: return start_attempt(context, effects);
    case TimerKind::idle: return begin_acquire(context, effects);
    case TimerKind::work:
      LOCKSIM_ASSERT(holds(), "work timer in phase {}", to_string(phase_));
      effects.write_resource(std::nullopt);
      return stop_holding(effects);
    case TimerKind::renew:
      LOCKSIM_ASSERT(phase_ == Phase::holding, "renew timer in phase {}", to_string(phase_));
      return extend(context, effects);
  }
  LOCKSIM_UNREACHABLE("{} timer for {}", to_string(kind), params_->name);
}

}  // namespace locksim
