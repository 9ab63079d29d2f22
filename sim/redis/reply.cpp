// Printing replies the way `redis-cli --no-raw` does.
#include "sim/redis/reply.hpp"

namespace locksim::redis {
namespace {

auto quote(const std::string& text) -> std::string {
  std::string quoted = "\"";
  for (const char c : text) {
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

}  // namespace

auto to_cli_string(const Reply& reply) -> std::string {
  switch (reply.type) {
    case Reply::Type::status: return reply.text;
    case Reply::Type::error: return "(error) " + reply.text;
    case Reply::Type::integer: return fmt::format("(integer) {}", reply.integer);
    case Reply::Type::bulk: return quote(reply.text);
    case Reply::Type::nil: return "(nil)";
    case Reply::Type::array: {
      if (reply.elements.empty()) return "(empty array)";
      std::string text;
      for (size_t i = 0; i < reply.elements.size(); ++i) {
        if (i > 0) text += '\n';
        text += fmt::format("{}) {}", i + 1, to_cli_string(reply.elements[i]));
      }
      return text;
    }
  }
  return {};
}

}  // namespace locksim::redis
