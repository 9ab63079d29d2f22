// set-nx-px: the single-instance lock of the Redis distlock page and the SET documentation.
//   acquire: SET key <random token> NX PX ttl; on nil, retry after a delay
//   release: EVAL the compare-and-delete script (delete only if the key still holds our token)
// The client measures its lease from the moment it sent the SET, on its own monotonic clock, as
// careful clients do, and stops believing it holds the lock when that lease is over.
// Known flaw (distlock page, Kleppmann 2016): a process pause or a network delay longer than the
// lease lets the key expire while the holder still works; another client then acquires, and the
// paused holder — which notices nothing while paused — overlaps with it.
#pragma once

#include <string>

#include "models/lock_algorithm.hpp"

namespace locksim {

struct SetNxPxParams {
  std::string key = "lock";
  Duration ttl = Duration::seconds(1);
  Distribution retry_delay = Uniform{Duration::millis(50), Duration::millis(150)};
  // By default a holder works for less than its lease, so without faults the lock is safe.
  Distribution work = Uniform{Duration::millis(100), Duration::millis(500)};
  Distribution idle = Uniform{Duration::millis(0), Duration::millis(500)};

  auto operator==(const SetNxPxParams&) const -> bool = default;
};

class SetNxPx final : public AlgorithmBase<SetNxPx> {
 public:
  enum class Phase : uint8_t { idle, acquiring, holding, releasing };

  explicit SetNxPx(SetNxPxParams params) : params_(std::move(params)) {}

  auto name() const -> std::string_view override { return "set-nx-px"; }
  void fingerprint(Fingerprinter& fingerprinter) const override;
  auto describe() const -> std::string override;

  void start(const ClientContext& context, Effects& effects) override;
  void on_response(const ClientContext& context, const Response& response,
                   Effects& effects) override;
  void on_timer(const ClientContext& context, TimerKind kind, Effects& effects) override;

  auto operator==(const SetNxPx&) const -> bool = default;

 private:
  static constexpr uint32_t kAcquireTag = 0;
  static constexpr uint32_t kReleaseTag = 1;

  void send_acquire(const ClientContext& context, Effects& effects);

  SetNxPxParams params_;
  Phase phase_ = Phase::idle;
  uint32_t attempts_ = 0;   // acquire attempts by this incarnation; makes tokens unique
  std::string token_;       // the token of the current attempt or holding
  LocalTime acquire_sent_;  // monotonic reading when the current SET was sent
};

}  // namespace locksim
