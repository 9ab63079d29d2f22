// The lost-update monitor; see lost_update.hpp.
#include "sim/check/lost_update.hpp"

#include <charconv>

namespace locksim {
namespace {

// The counter as its master holds it now: a missing key is 0 (no increment landed yet).
auto counter_value(const World& world, ServerId master, const std::string& key) -> int64_t {
  const ServerState& server = world.servers[master.index];
  const int64_t now_ms = server.clock.wall(world.now).unix_ms();
  const redis::Entry* entry = server.redis.keyspace.peek(key, now_ms);
  const std::string* text = entry ? std::get_if<std::string>(&entry->value) : nullptr;
  int64_t value = 0;
  if (text) std::from_chars(text->data(), text->data() + text->size(), value);
  return value;
}

}  // namespace

void LostUpdateMonitor::after_step(const World& world, const Event& /*event*/, uint64_t step) {
  clients_.resize(world.clients.size());
  IncrementCounts total;
  for (uint32_t c = 0; c < world.clients.size(); ++c) {
    const ClientState& client = world.clients[c];
    ClientCounts& counts = clients_[c];
    if (client.incarnation != counts.incarnation) {  // restarted: what it did before stays done
      counts.earlier.started += counts.current.started;
      counts.earlier.acknowledged += counts.current.acknowledged;
      counts.incarnation = client.incarnation;
    }
    counts.current = client.program->increments().value_or(IncrementCounts{});
    total.started += counts.earlier.started + counts.current.started;
    total.acknowledged += counts.earlier.acknowledged + counts.current.acknowledged;
  }
  // The counter lives on r1, or on the master that took over from it.
  const ServerId master = world.servers[0].master.value_or(ServerId{0});
  if (!world.servers[master.index].up) return;
  const auto value =
      static_cast<uint64_t>(std::max<int64_t>(counter_value(world, master, key_), 0));
  const uint64_t missing = value < total.acknowledged ? total.acknowledged - value : 0;
  const uint64_t extra = value > total.started ? value - total.started : 0;
  const auto finding = [&](std::string what) {
    return [&, what = std::move(what)] { return Finding{name(), world.now, step, {}, what}; };
  };
  if (missing > worst_missing_) {
    worst_missing_ = missing;
    report(finding(fmt::format("{} holds {} after {} acknowledged increments: {} lost", key_, value,
                               total.acknowledged, missing)));
  }
  if (extra > worst_extra_) {
    worst_extra_ = extra;
    report(finding(fmt::format("{} holds {} after {} increments began: {} counted twice", key_,
                               value, total.started, extra)));
  }
}

void LostUpdateMonitor::encode_history(StateEncoder& encoder, const World& /*world*/) const {
  encoder.add(static_cast<uint64_t>(clients_.size()));
  for (uint32_t p = 0; p < clients_.size(); ++p) {
    const ClientCounts& counts = clients_[encoder.client_at(p)];
    encoder.add(counts.incarnation);
    encoder.add(counts.earlier.started);
    encoder.add(counts.earlier.acknowledged);
  }
  encoder.add(worst_missing_);
  encoder.add(worst_extra_);
}

}  // namespace locksim
