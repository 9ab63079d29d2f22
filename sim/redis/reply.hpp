// A Redis reply (RESP2): status, error, integer, bulk string, nil, array of replies, or the null
// array (`*-1`, which EXEC answers when a watched key changed), and the
// rules by which Redis builds the text of an error or status reply from bytes a client sent.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "sim/core/state_encoder.hpp"

namespace locksim::redis {

struct Reply {
  enum class Type : uint8_t { status, error, integer, bulk, nil, array, nil_array };

  Type type = Type::nil;
  std::string text;  // status text, error text (with its prefix, e.g. "ERR ..."), or bulk
  int64_t integer = 0;
  std::vector<Reply> elements;

  static auto ok() -> Reply { return status("OK"); }
  static auto status(std::string text) -> Reply { return {Type::status, std::move(text), 0, {}}; }
  static auto error(std::string text) -> Reply { return {Type::error, std::move(text), 0, {}}; }
  static auto number(int64_t value) -> Reply { return {Type::integer, {}, value, {}}; }
  static auto bulk(std::string text) -> Reply { return {Type::bulk, std::move(text), 0, {}}; }
  static auto nil() -> Reply { return {}; }
  static auto nil_array() -> Reply { return {Type::nil_array, {}, 0, {}}; }

  auto is_ok() const -> bool { return type == Type::status && text == "OK"; }
  auto operator==(const Reply&) const -> bool = default;
};

// What Redis's C code sees of an argument it formats with %s: the bytes before the first NUL.
auto c_string(std::string_view text) -> std::string_view;

// sdsmapchars(text, "\r\n", "  "): CR and LF become spaces, so that a text a client supplied
// stays on its one RESP line.
auto one_line(std::string text) -> std::string;

// An error formatted as addReplyErrorFormat formats it: CR and LF at the end are trimmed and the
// others become spaces. (sdstrim trims both ends, but every formatted text starts with fixed
// bytes or the '-' of an error code, which the trim never removes.) `text` carries the code,
// as every Reply::error does: "ERR ...".
auto formatted_error(std::string text) -> Reply;

// A reply into a state encoding (replies in flight and a script's progress are state).
void encode(StateEncoder& encoder, const Reply& reply);

// The reply as redis-cli prints it: OK, (integer) 1, (nil), "value", (error) ERR ...
auto to_cli_string(const Reply& reply) -> std::string;
// The same on one line, for traces: an array's elements follow each other ("1) OK 2) (integer) 1").
auto to_trace_string(const Reply& reply) -> std::string;

}  // namespace locksim::redis

template <>
struct fmt::formatter<locksim::redis::Reply> : fmt::formatter<std::string_view> {
  auto format(const locksim::redis::Reply& reply, format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(locksim::redis::to_cli_string(reply), ctx);
  }
};
