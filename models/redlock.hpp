// Redlock (the distlock page) over N independent masters, with the knobs in which the real
// client libraries differ; the presets, each citing the source it follows, are in
// redlock_presets.cpp.
//   acquire: t1 = now; lock every master (SET key token NX PX ttl, or the library's script; one
//            after another, or all at once); elapsed = now - t1; ok iff successes >= N/2+1 and,
//            for a client that checks, validity = ttl - elapsed - drift > 0 (drift = ttl *
//            factor, rounded as the library rounds it, + extra). On failure unlock every master
//            (after every attempt, or only after the last), perhaps waiting for the unlocks to be
//            answered, and retry after a random delay, up to a number of tries; then give up (and,
//            in our workload, try again after an idle spell). One token per acquire call, reused
//            by its retries, or a new one per attempt.
//   extend:  (when the options ask for it) a holder extends its lease `extend_before` ahead of
//            its end, by its own clock: the library's extend script on every master, judged like
//            an acquisition (quorum, validity from the round's start), in one round or retried
//            like an acquisition. A failed extension loses the lock: the client stops its work
//            and unlocks. A script that re-creates an expired key (extend_reacquires) lets an
//            extension that comes too late take the lock again, unaware anyone held it meanwhile
//            (C-11).
//   release: EVAL the compare-and-delete script on every master.
// A reply to an abandoned round (its server timed out, or the round is over) is ignored: tags
// carry the round number, the server and (one after another) which resend of the command it is.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "models/lock_algorithm.hpp"
#include "sim/core/parameter.hpp"
#include "sim/core/shared_value.hpp"

namespace locksim {

struct RedlockParams {
  // What a client checks before it returns the lock.
  enum class Validity : uint8_t {
    checked,    // validity = ttl - elapsed - drift must be positive (the page, redsync, node 4)
    unchecked,  // computes its expiration but never compares it with now (node-redlock 5)
  };
  // How ttl * factor becomes the drift.
  enum class DriftRounding : uint8_t {
    floor_ms,  // (ttl * 0.01).to_i in ms (redlock-rb)
    round_ms,  // Math.round(0.01 * ttl) in ms (node-redlock)
    exact,     // time.Duration(expiry * 0.01), to the model's microsecond (redsync)
  };
  // When an attempt over all masters at once is decided.
  enum class Decide : uint8_t {
    all_answered,   // every master answered or timed out (redsync, node-redlock 4)
    quorum_either,  // as soon as a quorum voted for, or a quorum against (node-redlock 5)
  };
  // The command that takes (or extends) the lock on one master.
  enum class Script : uint8_t {
    set_nx_px,  // SET key token NX PX ttl; extend: compare-and-PEXPIRE (the page, redsync)
    node,       // node-redlock's ACQUIRE_SCRIPT (0 if the key exists, even with our value, else
                // SET PX, 1) and EXTEND_SCRIPT (0 unless the value is ours, else SET PX, 1)
    gem,        // leandromoreira/redlock-rb's LOCK_SCRIPT, for both (see extend_reacquires)
  };
  std::string name;
  std::string key = "lock";
  uint32_t servers = 5;
  Duration ttl = Duration::seconds(1);
  uint32_t drift_permille = 10;  // drift = round(ttl * permille / 1000) + drift_extra
  Duration drift_extra = Duration::millis(2);
  DriftRounding drift_rounding = DriftRounding::floor_ms;
  Validity validity = Validity::checked;
  Script script = Script::set_nx_px;
  bool parallel = false;  // all masters at once, or one after another
  Decide decide = Decide::all_answered;
  // The library's own wait for one command (its socket or read timeout): per master in turn,
  // or, all at once, for the round. The world's request timeout, when shorter, comes first.
  Duration server_timeout = Duration::seconds(5);
  // All at once: a deadline that cuts the round short of server_timeout (none: the round waits
  // for every master).
  std::optional<Duration> round_deadline;
  uint32_t resends = 0;               // a timed-out command is sent again (the client's retries)
  Duration request_timeout;           // the world's (zero: none); bounds rounds, for liveness only
  bool wall_clock_elapsed = true;     // elapsed measured on the wall clock (not monotonic)
  uint32_t tries = 3;                 // attempts per acquire call; 0: unlimited
  bool zero_validity_ok = false;      // validity >= 0 suffices (leandromoreira/redlock-rb)
  bool token_per_call = true;         // one token per acquire call (else a new one per attempt)
  bool release_between_tries = true;  // unlock after every failed attempt (else after the last)
  bool wait_for_release = false;      // the retry delay starts once the unlocks are answered
  bool start_per_call = false;  // the expiration counts from the call's start, not the attempt's
  bool lease_on_wall = false;   // the lease is kept as a wall-clock expiration (Date.now())
  // Extend the lease this long before it ends (none: never extend).
  std::optional<Duration> extend_before;
  bool extend_reacquires = false;       // the extend script SETs an absent key (allow_new_lock)
  bool extend_refuses_expired = false;  // no extension once the lease is over (node-redlock)
  bool extend_retries = false;          // an extension retries like an acquisition (node-redlock)
  bool extend_until_expired = false;    // a failed extension is retried while unexpired (using())
  Distribution retry_delay = Uniform{Duration{}, Duration::millis(200)};
  Distribution work = Uniform{Duration::millis(100), Duration::millis(500)};
  Distribution idle = Uniform{Duration::millis(0), Duration::millis(500)};
  auto operator==(const RedlockParams&) const -> bool = default;
};

struct AlgorithmOptions;
// The reference parameters (antirez/redlock-rb) with the timings and servers of the options.
auto redlock_params(std::string name, const AlgorithmOptions& options) -> RedlockParams;
// A preset's parameters with what the options set by name (redlock:tries=5) put over them.
auto make_redlock_with(RedlockParams params, const AlgorithmOptions& options)
    -> std::unique_ptr<LockAlgorithm>;
// The parameters every preset takes by name, with that preset's defaults.
auto redlock_parameters(const RedlockParams& defaults) -> std::vector<Parameter>;

class Redlock final : public AlgorithmBase<Redlock> {
 public:
  enum class Phase : uint8_t { idle, acquiring, holding, extending, releasing, waiting };

  explicit Redlock(RedlockParams params)
      : params_(std::move(params)), resent_each_(params_->servers) {}

  auto name() const -> std::string_view override { return params_->name; }
  void encode(StateEncoder& encoder) const override;
  auto canonical_tag(uint32_t tag) const -> uint32_t override;
  auto describe() const -> std::string override;
  auto liveness_bound() const -> Duration override;
  auto servers() const -> uint32_t override { return params_->servers; }
  auto keys() const -> std::vector<KeyUse> override {
    return {{.key = params_->key, .ttl = params_->ttl}};
  }

  void start(const ClientContext& context, Effects& effects) override;
  void on_response(const ClientContext& context, const Response& response,
                   Effects& effects) override;
  void on_timer(const ClientContext& context, TimerKind kind, Effects& effects) override;

  auto operator==(const Redlock&) const -> bool = default;

 private:
  auto quorum() const -> uint32_t { return params_->servers / 2 + 1; }
  // round << 8 | resend << 6 | server: servers < 64, resends <= 3.
  auto tag(uint32_t server) const -> uint32_t {
    const uint32_t resend = params_->parallel ? resent_each_[server] : resent_;
    return round_ << 8 | resend << 6 | server;
  }
  auto in_round() const -> bool {
    return phase_ == Phase::acquiring || phase_ == Phase::extending || phase_ == Phase::releasing;
  }
  // Believes it holds: holding, or inside an extension call (its retries and unlocks included).
  auto holds() const -> bool {
    return phase_ == Phase::holding || (extension_call_ && phase_ != Phase::idle);
  }
  auto max_tries() const -> uint32_t;
  // The lease's end by the clock it is kept on, and the monotonic reading the same instant has.
  auto lease_clock_now(const ClientContext& context) const -> LocalTime;
  auto as_monotonic(const ClientContext& context, LocalTime lease_end) const -> LocalTime;
  void begin_acquire(const ClientContext& context, Effects& effects);
  void start_attempt(const ClientContext& context, Effects& effects);
  void begin_round(const ClientContext& context, Effects& effects);
  void send_lock_command(uint32_t server, Effects& effects);
  void server_failed(const ClientContext& context, Effects& effects);
  void next_server(const ClientContext& context, Effects& effects);
  void decide(const ClientContext& context, Effects& effects);
  void attempt_failed(const ClientContext& context, Effects& effects);
  void after_failed_attempt(const ClientContext& context, Effects& effects);
  void extension_failed(const ClientContext& context, Effects& effects);
  void schedule_extension(const ClientContext& context, Effects& effects);
  void extend(const ClientContext& context, Effects& effects);
  void stop_holding(Effects& effects);
  void unlock_all(Effects& effects);

  SharedValue<RedlockParams> params_;
  Phase phase_ = Phase::idle;
  bool extension_call_ = false;  // the attempts under way extend a held lock
  uint32_t round_ = 0;           // rounds by this incarnation: tags and tokens
  uint32_t tries_ = 0;           // attempts in the current acquire (or extend) call
  std::string token_;
  LocalTime start_monotonic_;  // the attempt's start
  LocalTime start_wall_;
  LocalTime call_start_wall_;         // the call's start (start_per_call)
  LocalTime lease_end_;               // until when the lease holds, on the clock it is kept on
  uint32_t current_ = 0;              // one after another: the master being asked
  uint32_t resent_ = 0;               // one after another: resends of the current master's command
  std::vector<uint8_t> resent_each_;  // all at once: resends of each master's command
  uint32_t answered_ = 0;
  uint32_t successes_ = 0;
};

}  // namespace locksim
