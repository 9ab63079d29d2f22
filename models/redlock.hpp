// Redlock (the distlock page) over N independent masters, with the knobs in which the real
// client libraries differ; the presets are in redlock_presets.cpp.
//   acquire: t1 = now; SET key token NX PX ttl on every master (one after another, or all at
//            once); elapsed = now - t1; ok iff successes >= N/2+1 and validity = ttl - elapsed -
//            drift > 0 (drift = ttl * factor + extra); on failure unlock every master, and retry
//            after a random delay, up to a number of tries; then give up (and, in our workload,
//            try again after an idle spell).
//   extend:  (when the options ask for it) a holder extends its lease `extend_before` ahead of
//            its end, by its own clock: one round of the library's extend script on every
//            master, judged like an acquisition (quorum, validity from the round's start). A
//            failed extension loses the lock: the client stops its work and unlocks. A script
//            that re-creates an expired key (extend_reacquires) lets an extension that comes too
//            late take the lock again, unaware anyone held it meanwhile (C-11).
//   release: EVAL the compare-and-delete script on every master.
// A reply to an abandoned round (its server timed out, or the round is over) is ignored: tags
// carry the round number and the server.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>

#include "models/lock_algorithm.hpp"
#include "sim/core/parameter.hpp"

namespace locksim {

struct RedlockParams {
  // What a client checks before it returns the lock.
  enum class Validity : uint8_t {
    checked,    // validity = ttl - elapsed - drift must be positive (the page, redsync)
    unchecked,  // computes its expiration but never compares it with now (node-redlock)
    none,       // no validity at all: holds until it releases (Redisson's RedLock)
  };
  std::string name;
  std::string key = "lock";
  uint32_t servers = 5;
  Duration ttl = Duration::seconds(1);
  uint32_t drift_permille = 10;  // drift = floor(ttl * permille / 1000, ms) + drift_extra
  Duration drift_extra = Duration::millis(2);
  Validity validity = Validity::checked;
  bool parallel = false;                           // all masters at once, or one after another
  bool return_at_quorum = false;                   // parallel: decide as soon as a quorum said OK
  Duration server_timeout = Duration::millis(50);  // per master (one after another) or per round
  bool wall_clock_elapsed = true;  // elapsed measured on the wall clock (not monotonic)
  uint32_t tries = 3;              // attempts per acquire call; 0: unlimited
  bool zero_validity_ok = false;   // validity >= 0 suffices (leandromoreira/redlock-rb)
  // Extend the lease this long before it ends (none: never extend). Needs a validity.
  std::optional<Duration> extend_before;
  bool extend_reacquires = false;       // the extend script SETs an absent key (allow_new_lock)
  bool extend_refuses_expired = false;  // no extension once the lease is over (node-redlock)
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
// The parameters every preset takes by name.
auto redlock_parameters() -> std::span<const Parameter>;

class Redlock final : public AlgorithmBase<Redlock> {
 public:
  enum class Phase : uint8_t { idle, acquiring, holding, extending, waiting };

  explicit Redlock(RedlockParams params) : params_(std::move(params)) {}

  auto name() const -> std::string_view override { return params_.name; }
  void encode(StateEncoder& encoder) const override;
  auto canonical_tag(uint32_t tag) const -> uint32_t override;
  auto describe() const -> std::string override;
  auto liveness_bound() const -> Duration override;
  auto servers() const -> uint32_t override { return params_.servers; }
  auto keys() const -> std::vector<KeyUse> override {
    return {{.key = params_.key, .ttl = params_.ttl}};
  }

  void start(const ClientContext& context, Effects& effects) override;
  void on_response(const ClientContext& context, const Response& response,
                   Effects& effects) override;
  void on_timer(const ClientContext& context, TimerKind kind, Effects& effects) override;

  auto operator==(const Redlock&) const -> bool = default;

 private:
  auto quorum() const -> uint32_t { return params_.servers / 2 + 1; }
  auto tag(uint32_t server) const -> uint32_t { return round_ << 8 | server; }
  void begin_acquire(const ClientContext& context, Effects& effects);
  void start_round(const ClientContext& context, Effects& effects);
  void begin_round(const ClientContext& context, Effects& effects);
  void send_lock_command(uint32_t server, Effects& effects);
  void next_server(const ClientContext& context, Effects& effects);
  void decide(const ClientContext& context, Effects& effects);
  void schedule_extension(const ClientContext& context, Effects& effects);
  void extend(const ClientContext& context, Effects& effects);
  void stop_holding(Effects& effects);
  void unlock_all(Effects& effects);

  RedlockParams params_;
  Phase phase_ = Phase::idle;
  uint32_t round_ = 0;  // acquire rounds by this incarnation: tags and tokens
  uint32_t tries_ = 0;  // rounds in the current acquire call
  std::string token_;
  LocalTime start_monotonic_;
  LocalTime start_wall_;
  LocalTime lease_end_;   // monotonic: until when the lease holds (extensions included)
  uint32_t current_ = 0;  // one after another: the master being asked
  uint32_t answered_ = 0;
  uint32_t successes_ = 0;
};

}  // namespace locksim
