// The command generator; see command_generator.hpp.
#include "tests/differential/command_generator.hpp"

#include <algorithm>
#include <vector>

#include "sim/core/sha1.hpp"
#include "sim/redis/command.hpp"
#include "sim/redis/command_support.hpp"

namespace locksim::testing {
namespace {

// Scripts as lock libraries run them (behaviour from ../shared/reference/redis-locks.md B.4 and
// A.6, written here from those descriptions), plus scripts that raise or convert odd values.
auto redis_sha(const std::string& script) -> std::string {
  return sha1_hex(script);
}

const std::vector<std::string> kScripts = {
    std::string(redis::kCompareAndDeleteScript),
    // extend if still ours (redsync touch, pottery extend)
    "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], "
    "ARGV[2]) else return 0 end",
    // extend, or take the lock again if it is gone (redsync WithSetNXOnExtend)
    "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], "
    "ARGV[2]) elseif redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return 1 "
    "else return 0 end",
    // lock, extend, or take back a lock that is gone when ARGV[3] is "yes" (redlock-rb gem)
    "if (redis.call('exists', KEYS[1]) == 0 and ARGV[3] == 'yes') or redis.call('get', "
    "KEYS[1]) == ARGV[1] then return redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) end",
    // all keys or none (node-redlock acquire)
    "for _, key in ipairs(KEYS) do if redis.call('exists', key) == 1 then return 0 end end "
    "for _, key in ipairs(KEYS) do redis.call('set', key, ARGV[1], 'PX', ARGV[2]) end "
    "return #KEYS",
    // reentrant lock on a hash (Redisson lock and unlock)
    "if (redis.call('exists', KEYS[1]) == 0) or (redis.call('hexists', KEYS[1], ARGV[2]) == 1) "
    "then redis.call('hincrby', KEYS[1], ARGV[2], 1); redis.call('pexpire', KEYS[1], ARGV[1]); "
    "return nil; end; return redis.call('pttl', KEYS[1]);",
    "if (redis.call('hexists', KEYS[1], ARGV[2]) == 0) then return nil; end; local counter = "
    "redis.call('hincrby', KEYS[1], ARGV[2], -1); if (counter > 0) then "
    "redis.call('pexpire', KEYS[1], ARGV[1]); return 0; else redis.call('del', KEYS[1]); "
    "return 1; end; return nil;",
    // monotonic ids (pottery NextID)
    "local curr = tonumber(redis.call('get', KEYS[1])); local nxt = tonumber(ARGV[1]); "
    "if curr == nil or curr < nxt then redis.call('set', KEYS[1], nxt); return nxt else "
    "return false end",
    "return redis.call('incr', KEYS[1])",
    "return redis.pcall('incr', KEYS[1])",
    "return {redis.call('ttl', KEYS[1]), redis.call('type', KEYS[1]), redis.call('exists', "
    "KEYS[1])}",
    "return redis.call('expire', KEYS[1], ARGV[1])",
    "return {math.random(100), math.random()}",
    "return tonumber(ARGV[1]) * 1.5",
    "return redis.call('set', KEYS[1], tonumber(ARGV[1]) or ARGV[1])",
    "return redis.error_reply(ARGV[1])",
    "return redis.status_reply(ARGV[1])",
    "local t = {} t[1] = ARGV[1] t[3] = 'gap' return t",
    "return redis.call('getex', KEYS[1], 'PX', ARGV[1])",
    "return redis.call('exists', KEYS[1]) == 1",
    "return {redis.call('get', KEYS[1]) == ARGV[1], false, true, nil, 1}",
    "return redis.call('hget', KEYS[1], ARGV[1])",
    // Scripts whose replies carry an argument's bytes in an error or status text.
    "return {err=ARGV[1]}",
    "return {ok=ARGV[1]}",
    "error(ARGV[1])",
    "error({err=ARGV[1]})",
    "return redis.call('expire', KEYS[1], 100, ARGV[1])",
    "return redis.pcall('expire', KEYS[1], 100, ARGV[1])",
    "local ok, e = pcall(redis.call, 'expire', KEYS[1], 100, ARGV[1]) return {tostring(ok), e}",
    "return redis.call(ARGV[1], KEYS[1])",
    "return _G[ARGV[1]]",
    "return {redis.sha1hex(ARGV[1]), redis.call('ping', ARGV[1])}",
};

// Bytes that C strings, RESP lines and redis-cli quoting treat specially.
constexpr std::string_view kBinaryBytes("\0\r\n\t \"'\\\x01\x7f\x80\xff", 12);

}  // namespace

auto CommandGenerator::pick(std::initializer_list<const char*> options) -> std::string {
  return *(options.begin() + prng_.below(options.size()));
}

auto CommandGenerator::key() -> std::string {
  return pick({"lock", "k1", "k2", "h1", "n1"});
}

auto CommandGenerator::value() -> std::string {
  if (prng_.chance(1, 3)) return integer();
  return pick(
      {"v", "token-1", "token-2", "", "x y", "abc", "10 ", "\xff\x00z", "-LOCKED by x", "-"});
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
    if (redis::is(option, "ex")) command.argv.push_back(relative_seconds());
    if (redis::is(option, "px")) command.argv.push_back(relative_ms());
    if (redis::is(option, "exat")) command.argv.push_back(absolute_seconds(now_ms));
    if (redis::is(option, "pxat")) command.argv.push_back(absolute_ms(now_ms));
  }
}

void CommandGenerator::expire_flags(redis::Command& command) {
  const uint64_t count = prng_.below(3);
  for (uint64_t i = 0; i < count; ++i)
    command.argv.push_back(pick({"NX", "XX", "GT", "LT", "gt", "FOO"}));
}

auto CommandGenerator::next(int64_t now_ms) -> redis::Command {
  redis::Command command = draw(now_ms);
  add_binary_bytes(command);
  return command;
}

auto CommandGenerator::binary_coverage() const -> BinaryCoverage {
  BinaryCoverage coverage;
  for (const auto& [name, counts] : binary_counts_) {
    coverage.positions += counts.size();
    for (size_t position = 0; position < counts.size(); ++position) {
      if (counts[position] == 0) coverage.never.emplace_back(name, position);
    }
  }
  return coverage;
}

void CommandGenerator::add_binary_bytes(redis::Command& command) {
  std::string name = command.argv[0];
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::vector<uint64_t>& counts = binary_counts_[name];
  if (counts.size() < command.argv.size()) counts.resize(command.argv.size(), 0);
  const auto least = std::min_element(counts.begin(),
                                      counts.begin() + static_cast<ptrdiff_t>(command.argv.size()));
  if (*least > 0 && !prng_.chance(1, 6)) return;
  ++*least;
  const auto position = static_cast<size_t>(least - counts.begin());
  std::string& argument = command.argv[position];
  argument = binary_bytes(std::move(argument));
  // Redis looks names up in a dict hashed over the whole name but compares them as C strings:
  // whether "get\0x" is GET depends on the server's random hash seed. So a NUL in a command or
  // subcommand name goes first, where the C string before it is empty.
  const bool is_name = position == 0 || (position == 1 && name == "script");
  if (is_name && argument.find('\0') != std::string::npos && argument.front() != '\0') {
    std::erase(argument, '\0');
    argument.insert(argument.begin(), '\0');
  }
}

auto CommandGenerator::binary_bytes(std::string argument) -> std::string {
  const auto byte = [&] { return kBinaryBytes[prng_.below(kBinaryBytes.size())]; };
  switch (prng_.below(5)) {
    case 0: argument.insert(prng_.below(argument.size() + 1), 1, byte()); break;
    case 1: argument += pick({"\r\n", "\n", "\r"}); break;  // where a trailing newline is trimmed
    case 2: argument.insert(argument.begin(), byte()); break;
    case 3:
      argument.clear();
      for (uint64_t i = 1 + prng_.below(4); i > 0; --i) argument += byte();
      break;
    default:
      if (argument.empty()) argument += byte();
      argument[prng_.below(argument.size())] = byte();
  }
  return argument;
}

auto CommandGenerator::draw(int64_t now_ms) -> redis::Command {
  redis::Command c;
  auto& a = c.argv;
  switch (prng_.below(34)) {
    case 0:
    case 1:
    case 2:
      a = {name("set"), key(), value()};
      set_options(c, now_ms, false);
      break;
    case 3: a = {name("setnx"), key(), value()}; break;
    case 4: a = {name("getset"), key(), value()}; break;
    case 5:
    case 6: a = {name("get"), key()}; break;
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
    case 10:
      a = {name("expire"), key(), relative_seconds()};
      expire_flags(c);
      break;
    case 11:
      a = {name("pexpire"), key(), relative_ms()};
      expire_flags(c);
      break;
    case 12:
      a = {name("expireat"), key(), absolute_seconds(now_ms)};
      expire_flags(c);
      break;
    case 13:
      a = {name("pexpireat"), key(), absolute_ms(now_ms)};
      expire_flags(c);
      break;
    case 14: a = {name(prng_.chance(1, 2) ? "ttl" : "pttl"), key()}; break;
    case 15: a = {name("persist"), key()}; break;
    case 16: a = {name(prng_.chance(1, 2) ? "incr" : "decr"), key()}; break;
    case 17: a = {name(prng_.chance(1, 2) ? "incrby" : "decrby"), key(), integer()}; break;
    case 18: {
      a = {name("hset"), key()};
      const uint64_t words = 1 + prng_.below(4);  // odd counts are arity errors
      for (uint64_t i = 0; i < words; ++i)
        a.push_back(i % 2 == 0 ? pick({"f1", "f2", "uuid:1"}) : value());
      break;
    }
    case 19: a = {name("hget"), key(), pick({"f1", "f2", "uuid:1"})}; break;
    case 20: a = {name("hdel"), key(), pick({"f1", "f2"}), pick({"f2", "uuid:1"})}; break;
    case 21: a = {name("hexists"), key(), pick({"f1", "uuid:1"})}; break;
    case 22: a = {name("hincrby"), key(), pick({"f1", "uuid:1"}), integer()}; break;
    case 23: a = {name("hlen"), key()}; break;
    case 24: a = {name("type"), key()}; break;
    case 29: {
      // A library script, by EVAL or (once loaded) EVALSHA, or the script cache itself.
      const std::string& script = kScripts[prng_.below(kScripts.size())];
      if (prng_.chance(1, 10)) {
        a = {name("script"), pick({"LOAD", "load", "EXISTS", "FLUSH"})};
        if (redis::is(a[1], "load")) a.push_back(script);
        if (redis::is(a[1], "exists")) a.push_back(redis_sha(script));
        break;
      }
      const uint64_t keys = prng_.chance(1, 5) ? 2 : 1;
      a = {prng_.chance(1, 3) ? name("evalsha") : name("eval"), script, std::to_string(keys)};
      if (redis::is(a[0], "evalsha")) a[1] = redis_sha(script);
      for (uint64_t i = 0; i < keys; ++i) a.push_back(key());
      a.push_back(prng_.chance(1, 2) ? pick({"token-1", "token-2", "uuid:1"}) : value());
      a.push_back(prng_.chance(1, 2) ? relative_ms() : pick({"30000", "uuid:1", "token-1"}));
      if (prng_.chance(1, 2)) a.push_back(pick({"yes", "no"}));
      break;
    }
    case 25: {
      // The compare-and-delete release, with the right or a wrong token, or bad key counts.
      const std::string count = prng_.chance(9, 10) ? "1" : pick({"2", "-1", "x", "9"});
      a = {name("eval"), std::string(redis::kCompareAndDeleteScript), count, key(), value()};
      if (count == "1" && prng_.chance(1, 2)) a.back() = pick({"token-1", "token-2"});
      break;
    }
    case 26: {
      // Wrong arity for a random command, or an unknown one.
      a = {name(
          pick({"get", "set", "ttl", "expire", "hget", "hincrby", "incrby", "setnx"}).c_str())};
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
    case 30:
    case 31:
    case 32:
      c = draw(now_ms);  // more weight on scripts: one more draw, kept if it is one
      if (!redis::is(c.argv[0], "eval") && !redis::is(c.argv[0], "evalsha")) {
        a = {name("eval"), kScripts[prng_.below(kScripts.size())], "1", key(), value(),
             relative_ms()};
      }
      break;
    default:
      a = {name("set"), key(), value(), "NX", "PX", relative_ms()};  // the lock idiom itself
      break;
  }
  return c;
}

}  // namespace locksim::testing
