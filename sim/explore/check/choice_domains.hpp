// The finite domains of a checked configuration. The model checker answers every choice with
// each value of its domain in turn, so a domain is a small set of values that stand for the
// classes of behaviour that matter. By default a choice's domain is its distribution's whole
// support when that is finite (a constant, a one-of), else its smallest and largest values and
// those just either side (1 ms) of the ttl and of the request timeout, where the distribution
// can produce them: a message delay is the quantum or longer than the lease, a pause shorter or
// longer than the lease, a reply in time or after the timeout. A fault profile brings its own
// domains for the choices it makes (fault_profiles.cpp: a pause just within or just past the
// lease, ...), which replace those generic values where its distribution can produce them.
// `--domain KIND=V1/V2/...` sets a kind's domain (the values its distributions can produce are
// used) over all of these.
#pragma once

#include <array>
#include <deque>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/choice.hpp"
#include "sim/explore/fault_profiles.hpp"

namespace locksim {

// Bad input found while checking: a domain no distribution of its kind can take a value of.
class DomainError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

class ChoiceDomains {
 public:
  ChoiceDomains(Duration ttl, Duration request_timeout) : ChoiceDomains(ttl, request_timeout, {}) {}
  // With the domains the fault profiles bring.
  ChoiceDomains(Duration ttl, Duration request_timeout, const std::vector<FaultSelection>& faults);

  void set(ChoiceKind kind, std::vector<Duration> values);
  auto overridden(ChoiceKind kind) const -> const std::optional<std::vector<Duration>>& {
    return overrides_[static_cast<size_t>(kind)];
  }

  // The values to try for this choice, in increasing order; never empty (throws DomainError
  // when a set domain has no value the choice's distribution can produce).
  auto values(const Choice& choice) const -> std::vector<Duration>;

  // The profiles' domains in force (for kinds no --domain sets), "gc-pause: pause_length
  // 999ms/1001ms; ..."; "none" when there are none.
  auto describe_profiles() const -> std::string;

 private:
  // The profiles' values for the kind that the distribution can produce (sorted).
  auto profile_values(ChoiceKind kind, const Distribution& distribution) const
      -> std::vector<Duration>;

  Duration ttl_;
  Duration request_timeout_;
  std::array<std::optional<std::vector<Duration>>, kChoiceKindCount> overrides_;
  std::array<std::vector<Duration>, kChoiceKindCount> profile_values_;
  std::array<std::string, kChoiceKindCount> profile_names_;  // the profiles that brought them
};

// A choice kind by the name `locksim list choices` prints; the error names the nearest one.
struct ChoiceKindParse {
  std::optional<ChoiceKind> kind;
  std::string error;
};
auto parse_choice_kind(std::string_view name) -> ChoiceKindParse;

// Parses "KIND=V1/V2/..." (a choice kind as `locksim list choices` names it, durations with
// units); on failure, says what is wrong.
struct DomainParse {
  std::optional<std::pair<ChoiceKind, std::vector<Duration>>> domain;
  std::string error;
};
auto parse_domain(std::string_view text) -> DomainParse;

// The values a search offered for each kind of choice: the domains in force, for the verdict.
// ChoiceDomains::values remembered by kind and distribution: it builds its list anew at every
// call, and the model checker asks at every successor. One per thread.
class DomainCache {
 public:
  explicit DomainCache(const ChoiceDomains& domains) : domains_(domains) {}
  // The values ChoiceDomains::values gives the choice (the reference stays valid).
  auto values(const Choice& choice) -> const std::vector<Duration>&;

 private:
  struct Entry {
    ChoiceKind kind;
    Distribution distribution;
    std::vector<Duration> values;
  };
  const ChoiceDomains& domains_;
  std::deque<Entry> entries_;  // few: a configuration has a handful of distributions
};

struct DomainsUsed {
  std::array<std::set<Duration>, kChoiceKindCount> values;
  void merge(const DomainsUsed& other);
  // "request_delay 200us/50ms, work_duration 100ms/499ms/500ms"; "none" when no choice was met.
  auto describe() const -> std::string;
};

}  // namespace locksim
