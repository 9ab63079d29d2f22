// Fuzz target for the Lua bridge (sim/redis/lua_engine.cpp): the input is a script and its
// arguments, separated by the byte 0x1e (the first half of the arguments are keys), run by EVAL
// on a server holding a string, a hash and a key with a TTL, with an instruction budget of a
// million so that loops end fast. Seeds (tests/data/fuzz_lua/) call redis.call and redis.pcall
// with their arguments, return odd values and raise errors. Properties: a run never crashes or
// trips an assertion; it always replies, with error and status texts on one RESP line (no CR,
// LF or NUL: Redis builds them as C strings) and no deeper than the conversion's limit; it is a
// function of script, arguments and server data (a second run on a copy of the same server,
// with the chunk now compiled, gives the same reply and leaves the same server); and it leaves
// the engine ready for the next script, whose KEYS and ARGV are its own.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/assert.hpp"
#include "sim/redis/cli_syntax.hpp"
#include "sim/redis/commands.hpp"

namespace {

using locksim::redis::Command;
using locksim::redis::execute;
using locksim::redis::ExecuteOptions;
using locksim::redis::Reply;
using locksim::redis::Server;

constexpr char kSeparator = '\x1e';
constexpr int64_t kNow = 1'767'225'600'000;
constexpr int kReplyDepthMax = 1001;  // the conversion's limit (lua_engine.cpp), plus its error
const ExecuteOptions kFuzzBudget{.script_instruction_budget = 1'000'000};

auto seeded_server() -> Server {
  Server server;
  execute(server, {{"SET", "k", "v"}}, kNow);
  execute(server, {{"SET", "n", "10", "PX", "5000"}}, kNow);
  execute(server, {{"HSET", "h", "f", "1"}}, kNow);
  return server;
}

// EVAL script numkeys args...: the input split at the separator.
auto eval_command(std::string_view input) -> Command {
  std::vector<std::string> parts;
  for (size_t end; (end = input.find(kSeparator)) != std::string_view::npos;) {
    parts.emplace_back(input.substr(0, end));
    input.remove_prefix(end + 1);
  }
  parts.emplace_back(input);
  Command command{{"EVAL", parts[0], std::to_string((parts.size() - 1) / 2)}};
  command.argv.insert(command.argv.end(), parts.begin() + 1, parts.end());
  return command;
}

void check_reply(const Reply& reply, int depth) {
  LOCKSIM_ASSERT(depth <= kReplyDepthMax, "a reply nested {} deep", depth);
  if (reply.type == Reply::Type::error || reply.type == Reply::Type::status) {
    LOCKSIM_ASSERT(reply.text.find_first_of(std::string_view("\r\n\0", 3)) == std::string::npos,
                   "a reply text with CR, LF or NUL: {}",
                   locksim::redis::quote_argument(reply.text));
  }
  for (const Reply& element : reply.elements) check_reply(element, depth + 1);
}

}  // namespace

extern "C" auto LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) -> int {
  const Command command = eval_command(std::string_view(reinterpret_cast<const char*>(data), size));
  const Server before = seeded_server();
  Server first = before;
  const Reply reply = execute(first, command, kNow, kFuzzBudget);
  check_reply(reply, 0);
  Server second = before;
  LOCKSIM_ASSERT(execute(second, command, kNow, kFuzzBudget) == reply,
                 "the same script on the same server replied differently");
  LOCKSIM_ASSERT(second == first, "the same script on the same server left different data");
  const Reply next = execute(second, {{"EVAL", "return {#KEYS, #ARGV, KEYS[1]}", "1", "x"}}, kNow);
  LOCKSIM_ASSERT(
      next ==
          Reply(
              {Reply::Type::array, {}, 0, {Reply::number(1), Reply::number(0), Reply::bulk("x")}}),
      "the next script does not start clean: {}", next);
  return 0;
}
