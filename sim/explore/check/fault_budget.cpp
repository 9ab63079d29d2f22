// Fault budgets for the model checker; see fault_budget.hpp.
#include "sim/explore/check/fault_budget.hpp"

#include <charconv>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "sim/core/assert.hpp"
#include "sim/core/nearest_name.hpp"

namespace locksim {
namespace {

auto recurring_fault(const FaultPlan& plan, FaultKind kind) -> const RecurringFault& {
  switch (kind) {
    case FaultKind::pause: return plan.client_pause;
    case FaultKind::client_crash: return plan.client_crash;
    case FaultKind::server_crash: return plan.server_crash;
    case FaultKind::clock_jump: return plan.server_clock_jump;
    case FaultKind::partition: return plan.link_down;
  }
  LOCKSIM_UNREACHABLE("fault kind {}", static_cast<int>(kind));
}

auto fault_kinds() -> std::array<FaultKind, kFaultKindCount> {
  return {FaultKind::pause, FaultKind::client_crash, FaultKind::server_crash, FaultKind::clock_jump,
          FaultKind::partition};
}

}  // namespace

auto FaultBudget::describe() const -> std::string {
  std::vector<std::string> parts;
  for (const FaultKind kind : fault_kinds()) {
    if (of(kind) > 0) parts.push_back(fmt::format("{}={}", to_string(kind), of(kind)));
  }
  return parts.empty() ? "no faults" : fmt::format("{}", fmt::join(parts, ", "));
}

auto enabled_fault_kinds(const WorldConfig& config) -> std::array<bool, kFaultKindCount> {
  std::array<bool, kFaultKindCount> enabled{};
  for (const FaultKind kind : fault_kinds()) {
    enabled[static_cast<size_t>(kind)] = recurring_fault(config.faults, kind).enabled;
  }
  return enabled;
}

auto default_budget(const WorldConfig& config) -> FaultBudget {
  FaultBudget budget;
  const auto enabled = enabled_fault_kinds(config);
  for (size_t k = 0; k < kFaultKindCount; ++k) budget.remaining[k] = enabled[k] ? 1 : 0;
  return budget;
}

auto read_budget(std::string_view text, const WorldConfig& config, FaultBudget& budget)
    -> std::optional<std::string> {
  const size_t equals = text.find('=');
  if (equals == std::string_view::npos) {
    return fmt::format("budget '{}' needs the form KIND=N", text);
  }
  const std::string_view name = text.substr(0, equals);
  const std::string_view count_text = text.substr(equals + 1);
  std::vector<std::string_view> names;
  for (const FaultKind kind : fault_kinds()) names.push_back(to_string(kind));
  for (const FaultKind kind : fault_kinds()) {
    if (to_string(kind) != name) continue;
    unsigned count = 0;
    const auto [end, error] =
        std::from_chars(count_text.data(), count_text.data() + count_text.size(), count);
    if (error != std::errc{} || end != count_text.data() + count_text.size() || count > 9) {
      return fmt::format("budget of {} must be a whole number from 0 to 9, not '{}'", name,
                         count_text);
    }
    if (count > 0 && !enabled_fault_kinds(config)[static_cast<size_t>(kind)]) {
      return fmt::format("no fault profile in --faults brings {} (their sizes come from one)",
                         name);
    }
    budget.remaining[static_cast<size_t>(kind)] = static_cast<uint8_t>(count);
    return std::nullopt;
  }
  if (const auto nearest = nearest_name(name, names)) {
    return fmt::format("unknown fault kind '{}'; did you mean '{}'?", name, *nearest);
  }
  return fmt::format("unknown fault kind '{}' (known: {})", name, fmt::join(names, ", "));
}

auto without_recurring_faults(const WorldConfig& config) -> std::shared_ptr<const WorldConfig> {
  auto checked = std::make_shared<WorldConfig>(config);
  for (RecurringFault* fault :
       {&checked->faults.client_pause, &checked->faults.client_crash, &checked->faults.server_crash,
        &checked->faults.server_clock_jump, &checked->faults.link_down}) {
    fault->enabled = false;
  }
  return checked;
}

auto fault_subjects(const World& world, FaultKind kind) -> uint32_t {
  switch (kind) {
    case FaultKind::pause:
    case FaultKind::client_crash: return static_cast<uint32_t>(world.clients.size());
    case FaultKind::server_crash:
    case FaultKind::clock_jump: return static_cast<uint32_t>(world.servers.size());
    case FaultKind::partition: return static_cast<uint32_t>(world.connections.size());
  }
  LOCKSIM_UNREACHABLE("fault kind {}", static_cast<int>(kind));
}

}  // namespace locksim
