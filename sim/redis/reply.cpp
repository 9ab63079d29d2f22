// Printing replies the way `redis-cli --no-raw` does, and Redis's rules for reply texts.
#include "sim/redis/reply.hpp"

#include "sim/redis/cli_syntax.hpp"

namespace locksim::redis {
namespace {

// cliFormatReplyTTY: every reply ends its line; array elements are numbered with indexes padded
// to the widest one, and nested arrays are indented under their index.
auto format_tty(const Reply& reply, const std::string& prefix) -> std::string {
  switch (reply.type) {
    case Reply::Type::status: return reply.text + "\n";
    case Reply::Type::error: return "(error) " + reply.text + "\n";
    case Reply::Type::integer: return fmt::format("(integer) {}\n", reply.integer);
    case Reply::Type::bulk: return quote_argument(reply.text) + "\n";
    case Reply::Type::nil:
    case Reply::Type::nil_array: return "(nil)\n";
    case Reply::Type::array: {
      if (reply.elements.empty()) return "(empty array)\n";
      const size_t width = std::to_string(reply.elements.size()).size();
      const std::string nested = prefix + std::string(width + 2, ' ');
      std::string text;
      for (size_t i = 0; i < reply.elements.size(); ++i) {
        text += fmt::format("{}{:>{}}) ", i == 0 ? "" : prefix, i + 1, width);
        text += format_tty(reply.elements[i], nested);
      }
      return text;
    }
  }
  return {};
}

}  // namespace

auto c_string(std::string_view text) -> std::string_view {
  return text.substr(0, text.find('\0'));
}

auto one_line(std::string text) -> std::string {
  for (char& c : text) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return text;
}

auto formatted_error(std::string text) -> Reply {
  while (!text.empty() && (text.back() == '\r' || text.back() == '\n')) text.pop_back();
  return Reply::error(one_line(std::move(text)));
}

auto to_cli_string(const Reply& reply) -> std::string {
  std::string text = format_tty(reply, "");
  text.pop_back();  // the caller ends the line
  return text;
}

auto to_trace_string(const Reply& reply) -> std::string {
  return one_line(to_cli_string(reply));
}

void encode(StateEncoder& encoder, const Reply& reply) {
  encoder.add(static_cast<uint64_t>(reply.type));
  encoder.text(reply.text);
  encoder.add(reply.integer);
  encoder.add(static_cast<uint64_t>(reply.elements.size()));
  for (const Reply& element : reply.elements) encode(encoder, element);
}

}  // namespace locksim::redis
