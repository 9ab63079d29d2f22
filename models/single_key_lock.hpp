// The client loop shared by the single-server locks, which differ only in how they take one key
// and give it back: idle -> acquiring -> holding (work) -> releasing -> idle, retrying after a
// delay while the key is taken. Each algorithm is a file that picks its acquire and release
// methods and documents its source and flaws (setnx_del.cpp, setnx_expire.cpp, set_nx_px.cpp,
// set_nx_px_del.cpp, set_nx_px_get_del.cpp).
//
// A client that keeps a lease measures it from the moment it sent its acquiring command, on its
// own monotonic clock, as careful clients do, and stops believing it holds the lock when the
// lease is over — but only while it runs: a paused client notices nothing.
#pragma once

#include <optional>
#include <string>

#include "models/lock_algorithm.hpp"
#include "sim/core/shared_value.hpp"

namespace locksim {

struct SingleKeyLockParams {
  enum class Acquire : uint8_t {
    set_nx_px,          // SET key token NX PX ttl
    setnx,              // SETNX key token: no expiry at all
    setnx_then_expire,  // SETNX key token, then EXPIRE key ttl as a second command
    set_nx_px_fenced,   // one script: SET key token NX PX ttl and, if set, INCR the fence key
  };
  enum class Release : uint8_t {
    compare_and_delete,  // EVAL the compare-and-delete script: atomic
    del,                 // DEL key: deletes whatever holds the key
    get_then_del,        // GET key, compare with our token, then DEL: not atomic
  };

  std::string name;
  Acquire acquire = Acquire::set_nx_px;
  Release release = Release::compare_and_delete;
  std::string key = "lock";
  std::string fence_key = "lock:fence";  // the fencing-token counter (set_nx_px_fenced)
  Duration ttl = Duration::seconds(1);
  Distribution retry_delay = Uniform{Duration::millis(50), Duration::millis(150)};
  // By default a holder works for less than its lease, so without faults the lock is safe.
  Distribution work = Uniform{Duration::millis(100), Duration::millis(500)};
  Distribution idle = Uniform{Duration::millis(0), Duration::millis(500)};

  auto operator==(const SingleKeyLockParams&) const -> bool = default;
};

// The loop's timings for a lease of `ttl`: work for 10%..50% of it, then idle up to 50% of it
// before acquiring again — busy contention that is safe without faults for a careful lock.
auto single_key_params(std::string name, Duration ttl) -> SingleKeyLockParams;

struct AlgorithmOptions;
// The same, with the timings the options set.
auto single_key_params(std::string name, const AlgorithmOptions& options) -> SingleKeyLockParams;

class SingleKeyLock final : public AlgorithmBase<SingleKeyLock> {
 public:
  enum class Phase : uint8_t { idle, acquiring, holding, releasing };

  explicit SingleKeyLock(SingleKeyLockParams params) : params_(std::move(params)) {}

  auto name() const -> std::string_view override { return params_->name; }
  void encode(StateEncoder& encoder) const override;
  auto describe() const -> std::string override;
  auto liveness_bound() const -> Duration override;
  auto keys() const -> std::vector<KeyUse> override;

  void start(const ClientContext& context, Effects& effects) override;
  void on_response(const ClientContext& context, const Response& response,
                   Effects& effects) override;
  void on_timer(const ClientContext& context, TimerKind kind, Effects& effects) override;

  auto operator==(const SingleKeyLock&) const -> bool = default;

 private:
  // Tags name the command a reply answers.
  static constexpr uint32_t kAcquireTag = 0;
  static constexpr uint32_t kExpireTag = 1;
  static constexpr uint32_t kReleaseTag = 2;
  static constexpr uint32_t kReleaseCheckTag = 3;

  void begin_acquire(const ClientContext& context, Effects& effects);
  void send_acquire(const ClientContext& context, Effects& effects);
  void on_acquire_reply(const Response& response, Effects& effects);
  void start_release(Effects& effects);
  void finish_release(Effects& effects);

  SharedValue<SingleKeyLockParams> params_;
  Phase phase_ = Phase::idle;
  uint32_t attempts_ = 0;   // acquire attempts by this incarnation; makes tokens unique
  std::string token_;       // the token of the current attempt or holding
  LocalTime acquire_sent_;  // monotonic reading when the current acquire was sent
  std::optional<uint64_t> fencing_token_;  // of the current holding (set_nx_px_fenced)
};

}  // namespace locksim
