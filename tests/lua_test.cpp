// Goal: scripts answer as Redis 7.0.15 answers them where the Lua bridge builds texts from what a
// script or its caller supplied (error and status tables, redis.error_reply, errors raised with
// any bytes, Redis 7's pcall), and a script that never ends is stopped by its instruction budget
// with the reply Redis gives a script killed by SCRIPT KILL. Expected replies were seen from a
// real redis-server 7.0.15 (the budget's from a script killed there after lua-time-limit).
#include <gtest/gtest.h>

#include "sim/core/sha1.hpp"
#include "sim/redis/commands.hpp"

namespace locksim::redis {
namespace {

using namespace std::string_literals;

constexpr int64_t kNow = 1'700'000'000'000;

class Lua : public ::testing::Test {
 protected:
  auto eval(const std::string& script, ExecuteOptions options = {}) -> Reply {
    return execute(server_, Command{{"EVAL", script, "0"}}, kNow, options);
  }
  auto run(std::vector<std::string> argv) -> Reply {
    return execute(server_, Command{std::move(argv)}, kNow);
  }
  // The suffix Redis adds to an error a script raised on `line`.
  static auto raised(const std::string& script, std::string_view text, int line = 1) -> Reply {
    return Reply::error(
        fmt::format("{} script: {}, on @user_script:{}.", text, sha1_hex(script), line));
  }
  static auto array(std::vector<Reply> elements) -> Reply {
    return {Reply::Type::array, {}, 0, std::move(elements)};
  }
  Server server_;
};

TEST_F(Lua, ReturnedErrorAndStatusTablesAreCStringsOnOneLine) {
  EXPECT_EQ(eval("return {err='\\na\\nb\\n'}"), Reply::error(" a b"));  // the end trimmed
  EXPECT_EQ(eval("return {err=''}"), Reply::error(""));
  EXPECT_EQ(eval("return {err='\\n'}"), Reply::error(""));
  EXPECT_EQ(eval("return {err='-X y'}"), Reply::error("-X y"));
  EXPECT_EQ(eval("return {err=5}"), array({}));                  // not a string: an array
  EXPECT_EQ(eval("return {ok='\\r\\n'}"), Reply::status("  "));  // a status is not trimmed
  EXPECT_EQ(eval("return {ok='a\\0b\\nc'}"), Reply::status("a"));
  EXPECT_EQ(eval("return redis.status_reply('a\\0b')"), Reply::status("a"));
}

TEST_F(Lua, ErrorReplyTakesItsCodeAsLuaPushErrorBuffDoes) {
  EXPECT_EQ(eval("return redis.error_reply('')"), Reply::error("ERR "));
  EXPECT_EQ(eval("return redis.error_reply('-')"), Reply::error("ERR "));
  EXPECT_EQ(eval("return redis.error_reply(' ')"), Reply::error(" "));
  EXPECT_EQ(eval("return redis.error_reply('- x')"), Reply::error(" x"));
  EXPECT_EQ(eval("return redis.error_reply('-\\nX y')"), Reply::error(" X y"));
  EXPECT_EQ(eval("return redis.error_reply('\\nboom')"), Reply::error("ERR boom"));
  EXPECT_EQ(eval("return redis.error_reply('a\\0 b')"), Reply::error("ERR a"));
  EXPECT_EQ(eval("return redis.error_reply('-X\\0 y')"), Reply::error("ERR X"));
  EXPECT_EQ(eval("return redis.error_reply('-X \\0y')"), Reply::error("X "));
  EXPECT_EQ(eval("return redis.error_reply('X  \\n')"), Reply::error("X  "));
  // Called wrongly, error_reply and status_reply return an error rather than raise one.
  EXPECT_EQ(eval("return redis.error_reply(1)"),
            Reply::error("ERR wrong number or type of arguments"));
  EXPECT_EQ(eval("return redis.status_reply()"),
            Reply::error("ERR wrong number or type of arguments"));
}

TEST_F(Lua, RaisedErrorsAreCStringsOnOneLine) {
  for (const std::string script : {"error('a\\0b')", "error('a\\n')", "error('\\r\\n')"}) {
    const std::string message = script == "error('a\\0b')"  ? "a"
                                : script == "error('a\\n')" ? "a "
                                                            : "  ";
    EXPECT_EQ(eval(script), raised(script, "ERR user_script:1: " + message)) << script;
  }
  EXPECT_EQ(eval("error({err='a\\n'})"), raised("error({err='a\\n'})", "a "));
  EXPECT_EQ(eval("error({err='a\\0b'})"), raised("error({err='a\\0b'})", "a"));
  EXPECT_EQ(eval("error({err=5})"), raised("error({err=5})", "5"));
  run({"SET", "k", "v"});
  const std::string call = "return redis.call('expire','k','10','\\nx\\n')";
  EXPECT_EQ(eval(call), raised(call, "ERR Unsupported option  x"));
  EXPECT_EQ(eval("return redis.pcall('expire','k','10','a\\nb\\0c')"),
            Reply::error("ERR Unsupported option a b"));
  EXPECT_EQ(eval("return _G[{}]"),
            raised("return _G[{}]",
                   "ERR user_script:1: Second argument to luaProtectedTableError must be a "
                   "string or number"));
  EXPECT_EQ(eval("return _G['a\\0b']"),
            raised("return _G['a\\0b']",
                   "ERR user_script:1: Script attempted to access nonexistent global variable "
                   "'a'"));
  EXPECT_EQ(eval("return 'x\xff\0\n'"s),
            Reply::error("ERR Error compiling script (new function): user_script:1: unfinished "
                         "string near ''x\xff'"));
}

TEST_F(Lua, PcallReturnsTheErrFieldOfAnErrorTable) {
  EXPECT_EQ(eval("local ok, e = pcall(redis.call, 'nosuch') return {type(e), tostring(ok), e}"),
            array({Reply::bulk("string"), Reply::bulk("false"),
                   Reply::bulk("ERR Unknown Redis command called from script")}));
  EXPECT_EQ(eval("local ok, e = pcall(error, {err=5}) return type(e)"), Reply::bulk("number"));
  EXPECT_EQ(eval("local ok, e = pcall(error, {}) return type(e)"), Reply::bulk("table"));
  EXPECT_EQ(eval("return select('#', pcall(error, {}))"), Reply::number(3));
  EXPECT_EQ(eval("local ok, e = pcall(redis.sha1hex) return e"),
            Reply::bulk("ERR wrong number of arguments"));
  EXPECT_EQ(eval("local ok, e = pcall(redis.log) return e"),
            Reply::bulk("ERR redis.log() requires two arguments or more."));
  EXPECT_EQ(eval("local ok, a, b = pcall(function() return 1, 2 end) return {tostring(ok), a, b}"),
            array({Reply::bulk("true"), Reply::number(1), Reply::number(2)}));
}

TEST_F(Lua, AScriptThatNeverEndsIsKilledAtItsBudgetAndTheServerGoesOn) {
  const std::string loop = "local i = 0\nwhile true do i = i + 1 end";
  EXPECT_EQ(eval(loop), raised(loop, "ERR Script killed by user with SCRIPT KILL...", 2));
  EXPECT_EQ(run({"PING"}), Reply::status("PONG"));
  EXPECT_EQ(eval("return 1"), Reply::number(1));
}

TEST_F(Lua, AKilledScriptKeepsItsWrites) {
  const std::string script = "redis.call('set', 'w', '1') while true do end";
  EXPECT_EQ(eval(script), raised(script, "ERR Script killed by user with SCRIPT KILL..."));
  EXPECT_EQ(run({"GET", "w"}), Reply::bulk("1"));  // Redis does not roll a script back
}

TEST_F(Lua, APcallCatchesTheKillOnlyUntilTheNextLine) {
  run({"SET", "w", "1"});
  EXPECT_EQ(
      eval("local ok, e = pcall(function() while true do end end) "
           "return {tostring(ok), e, redis.pcall('get', 'w')}"),
      array({Reply::bulk("false"), Reply::bulk("ERR Script killed by user with SCRIPT KILL..."),
             Reply::bulk("1")}));
  const std::string next_line =
      "local ok = pcall(function() while true do end end)\nreturn redis.call('set', 'w', '2')";
  EXPECT_EQ(eval(next_line), raised(next_line, "ERR Script killed by user with SCRIPT KILL...", 2));
  EXPECT_EQ(run({"GET", "w"}), Reply::bulk("1"));
}

TEST_F(Lua, TheBudgetCountsInstructionsSoAKillIsReproducible) {
  const std::string script = "for i = 1, 1e9 do redis.call('incr', 'n') end";
  const ExecuteOptions small{.script_instruction_budget = 100'000};
  EXPECT_EQ(eval(script, small), raised(script, "ERR Script killed by user with SCRIPT KILL..."));
  const Reply first = run({"GET", "n"});
  run({"DEL", "n"});
  eval(script, small);
  EXPECT_EQ(run({"GET", "n"}), first);
  // A few instructions each increment: thousands of increments, never the full loop.
  const int64_t increments = std::stoll(first.text);
  EXPECT_GT(increments, 1'000);
  EXPECT_LT(increments, 100'000);
  EXPECT_EQ(eval("for i = 1, 1000 do redis.call('incr', 'm') end return 'done'", small),
            Reply::bulk("done"));
}

TEST_F(Lua, AReplyThatWouldNeverEndIsCutAtItsElementLimit) {
  EXPECT_EQ(eval("local t = {} t[1] = t t[2] = t return t"),
            Reply::error("ERR locksim: a script's reply is limited to 1000000 elements"));
  EXPECT_EQ(eval("local t = {} t[1] = t return t").type, Reply::Type::array);  // only deep
  EXPECT_EQ(eval("local t = {} for i = 1, 1000 do t[i] = i end return #t"), Reply::number(1000));
}

}  // namespace
}  // namespace locksim::redis
