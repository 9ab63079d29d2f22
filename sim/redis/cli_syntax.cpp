// sdssplitargs and sdscatrepr restated; see cli_syntax.hpp.
#include "sim/redis/cli_syntax.hpp"

#include <fmt/format.h>

#include "sim/redis/reply.hpp"

namespace locksim::redis {
namespace {

auto is_space(char c) -> bool {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f';
}

auto hex_value(char c) -> int {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

auto escaped(char c) -> char {
  switch (c) {
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'b': return '\b';
    case 'a': return '\a';
    default: return c;
  }
}

}  // namespace

auto split_args(std::string_view input) -> std::optional<std::vector<std::string>> {
  // redis-cli hands sdssplitargs the line as a C string: a NUL ends it.
  const std::string_view line = c_string(input);
  std::vector<std::string> arguments;
  size_t p = 0;
  const auto at = [&](size_t i) { return i < line.size() ? line[i] : '\0'; };
  while (true) {
    while (p < line.size() && is_space(line[p])) ++p;
    if (p >= line.size()) return arguments;
    bool in_double = false;
    bool in_single = false;
    std::string current;
    for (bool done = false; !done;) {
      const char c = at(p);
      if (in_double) {
        if (c == '\\' && at(p + 1) == 'x' && hex_value(at(p + 2)) >= 0 &&
            hex_value(at(p + 3)) >= 0) {
          current += static_cast<char>(hex_value(at(p + 2)) * 16 + hex_value(at(p + 3)));
          p += 3;
        } else if (c == '\\' && at(p + 1) != '\0') {
          current += escaped(at(++p));
        } else if (c == '"') {
          if (at(p + 1) != '\0' && !is_space(at(p + 1))) return std::nullopt;
          done = true;
        } else if (c == '\0') {
          return std::nullopt;  // unterminated quotes
        } else {
          current += c;
        }
      } else if (in_single) {
        if (c == '\\' && at(p + 1) == '\'') {
          current += '\'';
          ++p;
        } else if (c == '\'') {
          if (at(p + 1) != '\0' && !is_space(at(p + 1))) return std::nullopt;
          done = true;
        } else if (c == '\0') {
          return std::nullopt;
        } else {
          current += c;
        }
      } else if (is_space(c) || c == '\0') {
        done = true;
      } else if (c == '"') {
        in_double = true;
      } else if (c == '\'') {
        in_single = true;
      } else {
        current += c;
      }
      if (p < line.size()) ++p;
    }
    arguments.push_back(std::move(current));
  }
}

auto quote_argument(std::string_view argument) -> std::string {
  std::string quoted = "\"";
  for (const char c : argument) {
    switch (c) {
      case '\\': quoted += "\\\\"; break;
      case '"': quoted += "\\\""; break;
      case '\n': quoted += "\\n"; break;
      case '\r': quoted += "\\r"; break;
      case '\t': quoted += "\\t"; break;
      case '\a': quoted += "\\a"; break;
      case '\b': quoted += "\\b"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
          quoted += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        } else {
          quoted += c;
        }
    }
  }
  return quoted + "\"";
}

}  // namespace locksim::redis
