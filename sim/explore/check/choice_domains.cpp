// Choice domains for the model checker; see choice_domains.hpp.
#include "sim/explore/check/choice_domains.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "sim/core/duration_parse.hpp"
#include "sim/core/nearest_name.hpp"
#include "sim/core/split.hpp"

namespace locksim {
namespace {

auto sorted_unique(std::vector<Duration> values) -> std::vector<Duration> {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  return values;
}

auto choice_kind_names() -> std::vector<std::string_view> {
  std::vector<std::string_view> names;
  for (size_t k = 0; k < kChoiceKindCount; ++k) {
    names.push_back(to_string(static_cast<ChoiceKind>(k)));
  }
  return names;
}

auto find_choice_kind(std::string_view name) -> std::optional<ChoiceKind> {
  for (size_t k = 0; k < kChoiceKindCount; ++k) {
    if (to_string(static_cast<ChoiceKind>(k)) == name) return static_cast<ChoiceKind>(k);
  }
  return std::nullopt;
}

}  // namespace

ChoiceDomains::ChoiceDomains(Duration ttl, Duration request_timeout,
                             const std::vector<FaultSelection>& faults)
    : ttl_(ttl), request_timeout_(request_timeout) {
  for (const FaultSelection& selection : faults) {
    if (!selection.profile->check_domains) continue;
    for (ProfileDomain& domain :
         selection.profile->check_domains(selection, ttl, request_timeout)) {
      const auto k = static_cast<size_t>(domain.kind);
      profile_values_[k].insert(profile_values_[k].end(), domain.values.begin(),
                                domain.values.end());
      profile_values_[k] = sorted_unique(std::move(profile_values_[k]));
      profile_names_[k] +=
          fmt::format("{}{}", profile_names_[k].empty() ? "" : "+", selection.profile->name);
    }
  }
}

auto ChoiceDomains::describe_profiles() const -> std::string {
  std::vector<std::string> parts;
  for (size_t k = 0; k < kChoiceKindCount; ++k) {
    if (profile_values_[k].empty() || overrides_[k]) continue;
    std::vector<std::string> texts;
    for (const Duration value : profile_values_[k]) texts.push_back(format_duration_exact(value));
    parts.push_back(fmt::format("{}: {} {}", profile_names_[k],
                                to_string(static_cast<ChoiceKind>(k)), fmt::join(texts, "/")));
  }
  return parts.empty() ? "none" : fmt::format("{}", fmt::join(parts, "; "));
}

void ChoiceDomains::set(ChoiceKind kind, std::vector<Duration> values) {
  overrides_[static_cast<size_t>(kind)] = sorted_unique(std::move(values));
}

auto ChoiceDomains::profile_values(ChoiceKind kind, const Distribution& distribution) const
    -> std::vector<Duration> {
  std::vector<Duration> values;
  for (const Duration value : profile_values_[static_cast<size_t>(kind)]) {
    if (can_produce(distribution, value)) values.push_back(value);
  }
  return values;
}

auto ChoiceDomains::values(const Choice& choice) const -> std::vector<Duration> {
  const Distribution& distribution = *choice.distribution;
  std::vector<Duration> candidates;
  if (const auto& domain = overrides_[static_cast<size_t>(choice.kind)]) {
    candidates = *domain;
  } else if (std::vector<Duration> support = finite_support(distribution); !support.empty()) {
    return sorted_unique(std::move(support));
  } else if (std::vector<Duration> producible = profile_values(choice.kind, distribution);
             !producible.empty()) {
    return producible;
  } else {
    const Duration quantum = Duration::millis(1);
    candidates = {min_value(distribution), max_value(distribution),    ttl_ - quantum,
                  ttl_ + quantum,          request_timeout_ - quantum, request_timeout_ + quantum};
  }
  std::vector<Duration> values;
  for (const Duration value : candidates) {
    if (can_produce(distribution, value)) values.push_back(value);
  }
  if (values.empty()) {
    throw DomainError(fmt::format(
        "no value of the domain of {} ({}) can be produced by its distribution {}",
        to_string(choice.kind), fmt::join(*overrides_[static_cast<size_t>(choice.kind)], "/"),
        describe(distribution)));
  }
  return sorted_unique(std::move(values));
}

auto DomainCache::values(const Choice& choice) -> const std::vector<Duration>& {
  for (const Entry& entry : entries_) {
    if (entry.kind == choice.kind && entry.distribution == *choice.distribution) {
      return entry.values;
    }
  }
  entries_.push_back({choice.kind, *choice.distribution, domains_.values(choice)});
  return entries_.back().values;
}

auto parse_choice_kind(std::string_view name) -> ChoiceKindParse {
  if (const std::optional<ChoiceKind> kind = find_choice_kind(name)) return {kind, {}};
  const std::vector<std::string_view> names = choice_kind_names();
  if (const auto nearest = nearest_name(name, names)) {
    return {std::nullopt,
            fmt::format("unknown choice kind '{}'; did you mean '{}'?", name, *nearest)};
  }
  return {std::nullopt,
          fmt::format("unknown choice kind '{}' (known: {})", name, fmt::join(names, ", "))};
}

auto parse_domain(std::string_view text) -> DomainParse {
  const size_t equals = text.find('=');
  if (equals == std::string_view::npos) {
    return {std::nullopt, fmt::format("domain '{}' needs the form KIND=V1/V2/...", text)};
  }
  const std::string_view name = text.substr(0, equals);
  const ChoiceKindParse kind = parse_choice_kind(name);
  if (!kind.kind) return {std::nullopt, kind.error};
  std::vector<Duration> values;
  for (const std::string_view item : split(text.substr(equals + 1), '/')) {
    const DurationParse parsed = parse_duration(item);
    if (!parsed.value) {
      return {std::nullopt, fmt::format("domain of {}: {}", name, parsed.error)};
    }
    if (parsed.value->us < 0) {
      return {std::nullopt, fmt::format("domain of {}: '{}' is negative", name, item)};
    }
    values.push_back(*parsed.value);
  }
  return {std::make_pair(*kind.kind, std::move(values)), {}};
}

void DomainsUsed::merge(const DomainsUsed& other) {
  for (size_t k = 0; k < kChoiceKindCount; ++k) {
    values[k].insert(other.values[k].begin(), other.values[k].end());
  }
}

auto DomainsUsed::describe() const -> std::string {
  std::vector<std::string> parts;
  for (size_t k = 0; k < kChoiceKindCount; ++k) {
    if (values[k].empty()) continue;
    std::vector<std::string> texts;
    for (const Duration value : values[k]) texts.push_back(format_duration_exact(value));
    parts.push_back(
        fmt::format("{} {}", to_string(static_cast<ChoiceKind>(k)), fmt::join(texts, "/")));
  }
  return parts.empty() ? "none" : fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace locksim
