// Writes a run's trace as JSON lines: one object per entry, with true time and the local clock
// readings of the nodes involved.
#pragma once

#include <ostream>

#include "sim/world/tracer.hpp"

namespace locksim {

class JsonTraceWriter final : public Tracer {
 public:
  explicit JsonTraceWriter(std::ostream& out) : out_(out) {}
  void record(const World& world, const TraceEntry& entry) override;

 private:
  std::ostream& out_;
};

}  // namespace locksim
