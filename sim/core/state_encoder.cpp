// The state encoder; see state_encoder.hpp.
#include "sim/core/state_encoder.hpp"

namespace locksim {
namespace {

// "c<digits>.<digits>.<digits>": the form of every token the algorithms make.
auto looks_like_token(std::string_view value) -> bool {
  if (value.size() < 6 || value[0] != 'c') return false;
  int dots = 0;
  bool digit_before = false;
  for (size_t i = 1; i < value.size(); ++i) {
    const char c = value[i];
    if (c >= '0' && c <= '9') {
      digit_before = true;
    } else if (c == '.' && digit_before && dots < 2) {
      ++dots;
      digit_before = false;
    } else {
      return false;
    }
  }
  return dots == 2 && digit_before;
}

}  // namespace

void StateEncoder::text(std::string_view value) {
  if (!canonical_ || !looks_like_token(value)) {
    f_.add(value);
    return;
  }
  const auto [it, added] = tokens_.try_emplace(std::string(value), tokens_.size());
  f_.add(std::string_view("token"));
  f_.add(it->second);
}

void StateEncoder::request_id(uint32_t client, uint32_t id) {
  if (!canonical_) {
    f_.add(id);
    return;
  }
  const uint64_t key = uint64_t{client} << 32 | id;
  const auto [it, added] = request_ids_.try_emplace(key, request_ids_.size());
  f_.add(it->second);
}

}  // namespace locksim
