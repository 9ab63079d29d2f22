// The state encoder; see state_encoder.hpp.
#include "sim/core/state_encoder.hpp"

#include <algorithm>
#include <optional>

#include "sim/core/same_bytes.hpp"

namespace locksim {
namespace {

auto is_digit(char c) -> bool {
  return static_cast<unsigned char>(c - '0') < 10;
}

// "c<digits>.<digits>.<digits>": the form of every token the algorithms make. Every string of a
// state is asked (command arguments, values, beliefs), so the scan does one test per digit.
auto looks_like_token(std::string_view value) -> bool {
  if (value.size() < 6 || value[0] != 'c' || !is_digit(value.back())) return false;
  int dots = 0;
  for (size_t i = 1; i + 1 < value.size(); ++i) {
    if (is_digit(value[i])) continue;
    // A dot after a digit, twice (what follows a dot is a digit: another dot has none before
    // it, and the last character is one).
    if (value[i] != '.' || !is_digit(value[i - 1]) || ++dots > 2) return false;
  }
  return dots == 2;
}

// The client a string names by its "c<n>." prefix (Redisson's lock owner "c<n>.<incarnation>:1"
// as much as a token), and where the rest begins; none for any other string.
struct NamedClient {
  uint32_t client = 0;
  size_t rest = 0;
};
auto named_client(std::string_view value) -> std::optional<NamedClient> {
  if (value.size() < 3 || value[0] != 'c') return std::nullopt;
  uint64_t number = 0;
  size_t i = 1;
  for (; i < value.size() && value[i] >= '0' && value[i] <= '9' && number < (1U << 24); ++i) {
    number = number * 10 + static_cast<uint64_t>(value[i] - '0');
  }
  if (i == 1 || i == value.size() || value[i] != '.' || number == 0) return std::nullopt;
  return NamedClient{static_cast<uint32_t>(number - 1), i};
}

auto same_name(std::string_view name, std::string_view value) -> bool {
  return same_bytes(name, value);
}
auto same_name(uint64_t name, uint64_t value) -> bool {
  return name == value;
}

// The position of `value` among the names handed out, which it joins if it is new.
template <class Name, class Value>
auto first_appearance(std::vector<Name>& names, const Value& value) -> size_t {
  const auto known = std::find_if(names.begin(), names.end(),
                                  [&](const Name& name) { return same_name(name, value); });
  if (known != names.end()) return static_cast<size_t>(known - names.begin());
  if (names.empty()) names.reserve(16);
  names.emplace_back(value);
  return names.size() - 1;
}

}  // namespace

void StateEncoder::text(std::string_view value) {
  if (canonical_ && looks_like_token(value)) {
    // A token is only ever compared whole, and never made again: its name is enough, and it
    // is the same whichever client made it.
    f_.add(std::string_view("token"));
    f_.add(static_cast<uint64_t>(first_appearance(names_->tokens, value)));
    return;
  }
  if (clients_ordered()) {
    // A string that names a client is written with the client renumbered.
    const std::optional<NamedClient> named = named_client(value);
    if (named && named->client < order_.size()) {
      f_.add(std::string_view("client"));
      f_.add(static_cast<uint64_t>(position_[named->client]));
      f_.add(value.substr(named->rest));
      return;
    }
  }
  f_.add(value);
}

void StateEncoder::request_id(uint32_t client, uint32_t id) {
  if (!canonical_) {
    f_.add(id);
    return;
  }
  f_.add(static_cast<uint64_t>(first_appearance(names_->request_ids, uint64_t{client} << 32 | id)));
}

}  // namespace locksim
