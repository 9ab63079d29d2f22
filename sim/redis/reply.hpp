// A Redis reply (RESP2): status, error, integer, bulk string, nil, or array of replies.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace locksim::redis {

struct Reply {
  enum class Type : uint8_t { status, error, integer, bulk, nil, array };

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

  auto is_ok() const -> bool { return type == Type::status && text == "OK"; }
  auto operator==(const Reply&) const -> bool = default;
};

// The reply as redis-cli prints it: OK, (integer) 1, (nil), "value", (error) ERR ...
auto to_cli_string(const Reply& reply) -> std::string;

}  // namespace locksim::redis

template <>
struct fmt::formatter<locksim::redis::Reply> : fmt::formatter<std::string_view> {
  auto format(const locksim::redis::Reply& reply, format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(locksim::redis::to_cli_string(reply), ctx);
  }
};
