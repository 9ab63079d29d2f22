// The command generator; see command_generator.hpp.
#include "tests/differential/command_generator.hpp"

#include <vector>

#include "sim/redis/command.hpp"

namespace locksim::testing {
namespace {

auto is_upper_equal(const std::string& text, std::string_view upper) -> bool {
  if (text.size() != upper.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(text[i])) != upper[i]) return false;
  }
  return true;
}

}  // namespace

auto CommandGenerator::pick(std::initializer_list<const char*> options) -> std::string {
  return *(options.begin() + prng_.below(options.size()));
}

auto CommandGenerator::key() -> std::string { return pick({"lock", "k1", "k2", "h1", "n1"}); }

auto CommandGenerator::value() -> std::string {
  if (prng_.chance(1, 3)) return integer();
  return pick({"v", "token-1", "token-2", "", "x y", "abc", "10 ", "\xff\x00z"});
}

auto CommandGenerator::integer() -> std::string {
  if (prng_.chance(1, 2)) return std::to_string(prng_.range_inclusive(-5, 20));
  return pick({"0", "-0", "01", "+1", "1e3", "9223372036854775807", "-9223372036854775808",
               "9223372036854775808", "-9223372036854775809", "4611686018427387904", "x", ""});
}

auto CommandGenerator::relative_seconds() -> std::string {
  if (prng_.chance(1, 4)) return integer();
  return std::to_string(prng_.range_inclusive(-2, 400));
}

auto CommandGenerator::relative_ms() -> std::string {
  if (prng_.chance(1, 4)) return integer();
  return std::to_string(prng_.range_inclusive(-2'000, 400'000));
}

auto CommandGenerator::absolute_seconds(int64_t now_ms) -> std::string {
  if (prng_.chance(1, 5)) return integer();
  return std::to_string(now_ms / 1000 + prng_.range_inclusive(-100, 400));
}

auto CommandGenerator::absolute_ms(int64_t now_ms) -> std::string {
  if (prng_.chance(1, 5)) return integer();
  return std::to_string(now_ms + prng_.range_inclusive(-100'000, 400'000));
}

auto CommandGenerator::name(const char* lower) -> std::string {
  std::string text(lower);
  if (prng_.chance(1, 2)) {
    for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  } else if (prng_.chance(1, 4)) {
    text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  }
  return text;
}

void CommandGenerator::set_options(redis::Command& command, int64_t now_ms, bool getex) {
  const uint64_t count = prng_.below(4);
  for (uint64_t i = 0; i < count; ++i) {
    const std::string option = getex ? pick({"EX", "PX", "EXAT", "PXAT", "PERSIST", "px", "NX"})
                                     : pick({"NX", "XX", "GET", "KEEPTTL", "EX", "PX", "EXAT",
                                             "PXAT", "nx", "px", "Get", "PERSIST"});
    command.argv.push_back(option);
    if (prng_.chance(1, 20)) continue;  // an option missing its value
    if (is_upper_equal(option, "EX")) command.argv.push_back(relative_seconds());
    if (is_upper_equal(option, "PX")) command.argv.push_back(relative_ms());
    if (is_upper_equal(option, "EXAT")) command.argv.push_back(absolute_seconds(now_ms));
    if (is_upper_equal(option, "PXAT")) command.argv.push_back(absolute_ms(now_ms));
  }
}

void CommandGenerator::expire_flags(redis::Command& command) {
  const uint64_t count = prng_.below(3);
  for (uint64_t i = 0; i < count; ++i) command.argv.push_back(pick({"NX", "XX", "GT", "LT", "gt", "FOO"}));
}

auto CommandGenerator::next(int64_t now_ms) -> redis::Command {
  redis::Command c;
  auto& a = c.argv;
  switch (prng_.below(30)) {
    case 0: case 1: case 2:
      a = {name("set"), key(), value()};
      set_options(c, now_ms, false);
      break;
    case 3: a = {name("setnx"), key(), value()}; break;
    case 4: a = {name("getset"), key(), value()}; break;
    case 5: case 6: a = {name("get"), key()}; break;
    case 7: a = {name("getdel"), key()}; break;
    case 8:
      a = {name("getex"), key()};
      set_options(c, now_ms, true);
      break;
    case 9: {
      a = {name(prng_.chance(1, 2) ? "del" : "exists")};
      const uint64_t keys = 1 + prng_.below(3);
      for (uint64_t i = 0; i < keys; ++i) a.push_back(key());
      break;
    }
    case 10: a = {name("expire"), key(), relative_seconds()}; expire_flags(c); break;
    case 11: a = {name("pexpire"), key(), relative_ms()}; expire_flags(c); break;
    case 12: a = {name("expireat"), key(), absolute_seconds(now_ms)}; expire_flags(c); break;
    case 13: a = {name("pexpireat"), key(), absolute_ms(now_ms)}; expire_flags(c); break;
    case 14: a = {name(prng_.chance(1, 2) ? "ttl" : "pttl"), key()}; break;
    case 15: a = {name("persist"), key()}; break;
    case 16: a = {name(prng_.chance(1, 2) ? "incr" : "decr"), key()}; break;
    case 17: a = {name(prng_.chance(1, 2) ? "incrby" : "decrby"), key(), integer()}; break;
    case 18: {
      a = {name("hset"), key()};
      const uint64_t words = 1 + prng_.below(4);  // odd counts are arity errors
      for (uint64_t i = 0; i < words; ++i) a.push_back(i % 2 == 0 ? pick({"f1", "f2", "uuid:1"}) : value());
      break;
    }
    case 19: a = {name("hget"), key(), pick({"f1", "f2", "uuid:1"})}; break;
    case 20: a = {name("hdel"), key(), pick({"f1", "f2"}), pick({"f2", "uuid:1"})}; break;
    case 21: a = {name("hexists"), key(), pick({"f1", "uuid:1"})}; break;
    case 22: a = {name("hincrby"), key(), pick({"f1", "uuid:1"}), integer()}; break;
    case 23: a = {name("hlen"), key()}; break;
    case 24: a = {name("type"), key()}; break;
    case 25: {
      // The compare-and-delete release, with the right or a wrong token, or bad key counts.
      const std::string count = prng_.chance(9, 10) ? "1" : pick({"2", "-1", "x", "9"});
      a = {name("eval"), std::string(redis::kCompareAndDeleteScript), count, key(), value()};
      if (count == "1" && prng_.chance(1, 2)) a.back() = pick({"token-1", "token-2"});
      break;
    }
    case 26: {
      // Wrong arity for a random command, or an unknown one.
      a = {name(pick({"get", "set", "ttl", "expire", "hget", "hincrby", "incrby", "setnx"}).c_str())};
      if (prng_.chance(1, 2)) a.push_back(key());
      if (prng_.chance(1, 4)) a = {pick({"SETX", "foo", "Lock"}), key(), value()};
      break;
    }
    case 27:
      a = {name("ping")};
      for (uint64_t i = prng_.below(3); i > 0; --i) a.push_back(value());
      break;
    case 28:
      a = {name("flushall")};
      if (prng_.chance(1, 3)) a.push_back(pick({"ASYNC", "sync", "LAZY"}));
      if (prng_.chance(1, 20)) a.push_back("x");
      if (prng_.chance(9, 10)) a = {name("get"), key()};  // flush rarely, so state builds up
      break;
    default:
      a = {name("set"), key(), value(), "NX", "PX", relative_ms()};  // the lock idiom itself
      break;
  }
  return c;
}

}  // namespace locksim::testing
