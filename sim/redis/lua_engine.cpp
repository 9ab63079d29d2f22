// The Lua engine; see lua_engine.hpp. Behaviour follows redis 7.0.15 src/script_lua.c and
// src/eval.c, and was checked against a real redis-server 7.0.15.
//
// Lua 5.1 reports errors with longjmp, which skips C++ destructors. So every C function that
// can raise does its C++ work in a helper that returns normally (leaving what to raise on the Lua
// stack) and only then calls lua_error, with no C++ object alive in its own frame.
#include "sim/redis/lua_engine.hpp"

#include <lua.hpp>

#include <cmath>
#include <cstdio>
#include <unordered_map>

#include "sim/core/assert.hpp"
#include "sim/core/sha1.hpp"
#include "sim/redis/commands.hpp"
#include "sim/redis/native_scripts.hpp"

namespace locksim::redis {
namespace {

constexpr const char* kScriptGlobals = "locksim_script_globals";
constexpr int kReplyDepthMax = 1000;
// Redis converts a returned table however big it is, also one that holds itself twice
// (t[1] = t; t[2] = t), which it never finishes. The model stops at this many elements and says
// so: a limit reached is reported, never silent.
constexpr uint64_t kReplyElementsMax = 1'000'000;
// How often the instruction hook runs, as in Redis's luaCallFunction.
constexpr uint64_t kHookInterval = 100'000;

// The script this thread is running: its command context (null between runs), the
// instructions it may still execute beyond those the hook has already been set to count, and
// how Dragonfly runs it: its declared keys, and a non-atomic script's calls answered so far in
// this run.
struct ScriptRun {
  CommandContext* context = nullptr;
  uint64_t instructions_left = 0;
  std::span<const std::string> keys;
  ScriptMode mode;
  size_t calls = 0;
  bool made_new_call = false;
};
thread_local ScriptRun current_run;

auto run_context(lua_State* /*lua*/) -> CommandContext* {
  return current_run.context;
}

// Pushes {err = text}, the form Redis gives errors inside Lua.
void push_error_table(lua_State* lua, std::string_view text) {
  lua_newtable(lua);
  lua_pushlstring(lua, text.data(), text.size());
  lua_setfield(lua, -2, "err");
}

// luaPushErrorBuff: "-CODE message" keeps its code, anything else gets ERR; the message loses CR
// and LF at both ends. Redis reads the buffer as a C string, so it ends at a NUL.
auto error_table_text(std::string_view buffer) -> std::string {
  buffer = c_string(buffer);
  std::string_view code = "ERR";
  std::string_view message = buffer;
  if (buffer.starts_with('-')) {
    const size_t space = buffer.find(' ');
    code = space == std::string_view::npos ? "ERR" : buffer.substr(1, space - 1);
    message = space == std::string_view::npos ? buffer.substr(1) : buffer.substr(space + 1);
  }
  const size_t first = message.find_first_not_of("\r\n");
  message = first == std::string_view::npos ? std::string_view() : message.substr(first);
  message = message.substr(0, message.find_last_not_of("\r\n") + 1);
  return fmt::format("{} {}", code, message);
}

void push_error_buffer(lua_State* lua, std::string_view buffer) {
  push_error_table(lua, error_table_text(buffer));
}

// ---- Redis reply -> Lua value (RESP2) ----------------------------------------------------------

void push_reply(lua_State* lua, const Reply& reply) {
  lua_checkstack(lua, 3);
  switch (reply.type) {
    case Reply::Type::integer: lua_pushnumber(lua, static_cast<lua_Number>(reply.integer)); return;
    case Reply::Type::bulk: lua_pushlstring(lua, reply.text.data(), reply.text.size()); return;
    case Reply::Type::nil:
    case Reply::Type::nil_array: lua_pushboolean(lua, 0); return;
    case Reply::Type::status:
      lua_newtable(lua);
      lua_pushlstring(lua, reply.text.data(), reply.text.size());
      lua_setfield(lua, -2, "ok");
      return;
    case Reply::Type::error: push_error_buffer(lua, fmt::format("-{}", reply.text)); return;
    case Reply::Type::array:
      lua_newtable(lua);
      for (size_t i = 0; i < reply.elements.size(); ++i) {
        push_reply(lua, reply.elements[i]);
        lua_rawseti(lua, -2, static_cast<int>(i + 1));
      }
      return;
  }
}

// ---- Lua value -> Redis reply (luaReplyToRedisReply, RESP2) -------------------------------------

// Which values a field may hold to count as text: luaReplyToRedisReply takes strings only,
// luaExtractErrorInformation anything lua_isstring accepts (numbers too).
enum class FieldText { string_only, string_or_number };

// A field of the table at `index` as Redis's C code reads it with lua_tostring: a C string, so
// it ends at a NUL. Read raw: a metamethod could raise where nothing would catch it (Redis
// itself calls lua_getfield for error fields; only tables with metatables can tell).
auto field_text(lua_State* lua, int index, const char* name, FieldText accepted)
    -> std::optional<std::string> {
  lua_pushstring(lua, name);
  lua_rawget(lua, index < 0 ? index - 1 : index);
  const bool text = accepted == FieldText::string_only ? lua_type(lua, -1) == LUA_TSTRING
                                                       : lua_isstring(lua, -1) != 0;
  std::optional<std::string> value;
  if (text) value = std::string(lua_tostring(lua, -1));
  lua_pop(lua, 1);
  return value;
}

// The elements a conversion may still make, and whether it wanted more.
struct ReplyConversion {
  uint64_t elements_left = kReplyElementsMax;
  bool exceeded = false;
};

auto to_reply(lua_State* lua, int depth, ReplyConversion& conversion) -> Reply {
  if (conversion.elements_left == 0) {
    conversion.exceeded = true;
    return Reply::nil();
  }
  --conversion.elements_left;
  if (depth > kReplyDepthMax || !lua_checkstack(lua, 4)) {
    return Reply::error("ERR reached lua stack limit");
  }
  switch (lua_type(lua, -1)) {
    case LUA_TSTRING: {
      size_t length = 0;
      const char* text = lua_tolstring(lua, -1, &length);
      return Reply::bulk(std::string(text, length));
    }
    case LUA_TBOOLEAN: return lua_toboolean(lua, -1) ? Reply::number(1) : Reply::nil();
    case LUA_TNUMBER: {
      const lua_Number number = lua_tonumber(lua, -1);
      if (std::isnan(number) || number >= 9.2233720368547758e18 ||
          number < -9.2233720368547758e18) {
        return Reply::number(INT64_MIN);  // what the C cast gives on x86-64
      }
      return Reply::number(static_cast<int64_t>(number));
    }
    case LUA_TTABLE: {
      // An error is formatted as "-%s" (addReplyErrorFormatEx); a status only has CR and LF
      // made spaces.
      if (std::optional<std::string> err = field_text(lua, -1, "err", FieldText::string_only)) {
        return formatted_error(std::move(*err));
      }
      if (std::optional<std::string> ok = field_text(lua, -1, "ok", FieldText::string_only)) {
        return Reply::status(one_line(std::move(*ok)));
      }
      Reply array{Reply::Type::array, {}, 0, {}};
      for (int j = 1; !conversion.exceeded; ++j) {
        lua_rawgeti(lua, -1, j);
        if (lua_isnil(lua, -1)) {
          lua_pop(lua, 1);
          break;
        }
        array.elements.push_back(to_reply(lua, depth + 1, conversion));
        lua_pop(lua, 1);
      }
      return array;
    }
    default: return Reply::nil();
  }
}

// The reply of a script that returned the value on top of the stack.
auto script_reply(lua_State* lua) -> Reply {
  ReplyConversion conversion;
  Reply reply = to_reply(lua, 0, conversion);
  if (!conversion.exceeded) return reply;
  return Reply::error(
      fmt::format("ERR locksim: a script's reply is limited to {} elements", kReplyElementsMax));
}

// ---- redis.call and redis.pcall
// ------------------------------------------------------------------

// What a redis.call or redis.pcall came to: a reply on top of the stack (an error table when
// it is an error), or a non-atomic script's stop before a call it may not make in this run.
enum class CallOutcome : uint8_t { reply, error, stop };

// A non-atomic script's call (ScriptMode::progress): answered from the progress when an earlier
// run made it, made on the keyspace when it is the run's first new one, else the run stops.
auto progressive_call(CommandContext& context, const Command& command) -> std::optional<Reply> {
  ScriptProgress& progress = *current_run.mode.progress;
  const size_t call = current_run.calls++;
  if (call < progress.replies.size()) return progress.replies[call];
  if (current_run.made_new_call) {
    progress.suspended = true;
    return std::nullopt;
  }
  current_run.made_new_call = true;
  return progress.replies.emplace_back(execute_from_script(context, command));
}

// The key that marks Dragonfly's error tables: a light userdata no script can write by name
// (one that copies a marked table's fields makes its own Dragonfly-form error, nothing worse).
const char kDragonflyErrorMark = 0;

// Dragonfly's reply to a call on an undeclared key: an error table marked so that the script's
// error reply takes Dragonfly's form (Engine::error_reply).
void push_undeclared_key_error(lua_State* lua, std::string_view key) {
  push_error_table(lua, fmt::format("ERR script tried accessing undeclared key, key: {}", key));
  lua_pushlightuserdata(lua, const_cast<char*>(&kDragonflyErrorMark));
  lua_pushboolean(lua, 1);
  lua_rawset(lua, -3);
}

// Runs the command named by the Lua arguments and pushes its reply.
auto call_redis(lua_State* lua) -> CallOutcome {
  const int argc = lua_gettop(lua);
  if (argc == 0) {
    push_error_table(lua, "ERR Please specify at least one argument for this redis lib call");
    return CallOutcome::error;
  }
  Command command;
  command.argv.reserve(static_cast<size_t>(argc));
  for (int j = 1; j <= argc; ++j) {
    if (lua_type(lua, j) == LUA_TNUMBER) {
      char buffer[64];
      const int length = std::snprintf(buffer, sizeof buffer, "%.17g", lua_tonumber(lua, j));
      command.argv.emplace_back(buffer, static_cast<size_t>(length));
    } else if (lua_type(lua, j) == LUA_TSTRING) {
      size_t length = 0;
      const char* text = lua_tolstring(lua, j, &length);
      command.argv.emplace_back(text, length);
    } else {
      push_error_table(lua, "ERR Lua redis lib command arguments must be strings or integers");
      return CallOutcome::error;
    }
  }
  CommandContext* context = run_context(lua);
  LOCKSIM_ASSERT(context != nullptr, "redis.call outside a script run");
  if (current_run.mode.declared_keys_only) {
    if (const std::optional<std::string_view> key = undeclared_key(command, current_run.keys)) {
      push_undeclared_key_error(lua, *key);
      return CallOutcome::error;
    }
  }
  const std::optional<Reply> reply = current_run.mode.progress
                                         ? progressive_call(*context, command)
                                         : execute_from_script(*context, command);
  if (!reply) return CallOutcome::stop;
  push_reply(lua, *reply);
  return reply->type == Reply::Type::error ? CallOutcome::error : CallOutcome::reply;
}

// A stopped run raises at every instruction from then on: a pcall that catches the stop cannot
// carry the script on (whatever it would do, its later calls stop too, and the run's reply is
// thrown away).
void stop_hook(lua_State* lua, lua_Debug* /*ar*/) {
  lua_pushliteral(lua, "locksim: the script continues at its next step");
  lua_error(lua);
}

auto stop_run(lua_State* lua) -> int {
  lua_sethook(lua, stop_hook, LUA_MASKCOUNT, 1);
  lua_pushliteral(lua, "locksim: the script continues at its next step");
  return lua_error(lua);
}

auto redis_call(lua_State* lua) -> int {
  switch (call_redis(lua)) {
    case CallOutcome::reply: return 1;
    case CallOutcome::error: return lua_error(lua);  // raises the error table
    case CallOutcome::stop: return stop_run(lua);
  }
  return 1;
}

auto redis_pcall(lua_State* lua) -> int {
  if (call_redis(lua) == CallOutcome::stop) return stop_run(lua);
  return 1;
}

// redis.error_reply and redis.status_reply return (not raise) an error table when called
// wrongly, as luaRedisReturnSingleFieldTable does.
auto has_one_string_argument(lua_State* lua) -> bool {
  if (lua_gettop(lua) == 1 && lua_type(lua, -1) == LUA_TSTRING) return true;
  push_error_table(lua, "ERR wrong number or type of arguments");
  return false;
}

// luaRedisErrorReplyCommand: the argument (a C string) with a '-' added if it has none.
void push_error_reply(lua_State* lua) {
  const std::string_view text = lua_tostring(lua, -1);
  push_error_buffer(lua, fmt::format("-{}", text.substr(text.starts_with('-') ? 1 : 0)));
}

auto redis_error_reply(lua_State* lua) -> int {
  if (has_one_string_argument(lua)) push_error_reply(lua);
  return 1;
}

auto redis_status_reply(lua_State* lua) -> int {
  if (!has_one_string_argument(lua)) return 1;
  lua_newtable(lua);
  lua_pushvalue(lua, 1);
  lua_setfield(lua, -2, "ok");
  return 1;
}

auto push_sha1(lua_State* lua) -> bool {
  if (lua_gettop(lua) != 1) {
    push_error_table(lua, "ERR wrong number of arguments");
    return false;
  }
  size_t length = 0;
  const char* text = lua_tolstring(lua, 1, &length);
  const std::string hex = sha1_hex(std::string_view(text ? text : "", text ? length : 0));
  lua_pushlstring(lua, hex.data(), hex.size());
  return true;
}

auto redis_sha1hex(lua_State* lua) -> int {
  if (!push_sha1(lua)) return lua_error(lua);  // raises the error table
  return 1;
}

// luaLogCommand's argument checks; the log itself goes nowhere in a simulation.
auto log_arguments_ok(lua_State* lua) -> bool {
  const int argc = lua_gettop(lua);
  if (argc < 2) {
    push_error_table(lua, "ERR redis.log() requires two arguments or more.");
  } else if (!lua_isnumber(lua, -argc)) {
    push_error_table(lua, "ERR First argument must be a number (log level).");
  } else if (const lua_Number level = lua_tonumber(lua, -argc); !(level > -1 && level < 4)) {
    // Redis truncates the level to an int and wants LL_DEBUG (0) to LL_WARNING (3).
    push_error_table(lua, "ERR Invalid debug level.");
  } else {
    return true;
  }
  return false;
}

auto redis_log(lua_State* lua) -> int {
  if (!log_arguments_ok(lua)) return lua_error(lua);
  return 0;
}

// luaRedisPcall, Redis 7's pcall: an error that is a table with an err field comes back as that
// field alone (scripts written for Redis 6 expect a string). When the field is missing, what
// lua_getfield pushed stays too, so such a pcall returns three values, as Redis's does.
// Without any argument Redis's version calls an uninitialised stack slot; this one raises
// Lua's own "value expected" instead.
auto redis_pcall_builtin(lua_State* lua) -> int {
  luaL_checkany(lua, 1);
  const int argc = lua_gettop(lua);
  lua_pushboolean(lua, 1);
  lua_insert(lua, 1);
  if (lua_pcall(lua, argc - 1, LUA_MULTRET, 0) != 0) {
    lua_remove(lua, 1);
    if (lua_istable(lua, -1)) {
      lua_getfield(lua, -1, "err");
      if (lua_isstring(lua, -1)) lua_replace(lua, -2);
    }
    lua_pushboolean(lua, 0);
    lua_insert(lua, 1);
  }
  return lua_gettop(lua);
}

// luaMaskCountHook: a script out of budget stops as one killed with SCRIPT KILL does. From then
// on the hook fires at every line, so a pcall that catches the kill lets the script go on only
// to the end of its current line (Redis does the same).
void arm_budget_hook(lua_State* lua);

void instruction_hook(lua_State* lua, lua_Debug* /*ar*/) {
  if (current_run.instructions_left > 0) {
    arm_budget_hook(lua);
    return;
  }
  lua_sethook(lua, instruction_hook, LUA_MASKLINE, 0);
  push_error_table(lua, "ERR Script killed by user with SCRIPT KILL...");
  lua_error(lua);
}

// Sets the hook to fire once the next slice of the budget has been executed.
void arm_budget_hook(lua_State* lua) {
  const uint64_t slice = std::min(kHookInterval, current_run.instructions_left);
  current_run.instructions_left -= slice;
  lua_sethook(lua, instruction_hook, LUA_MASKCOUNT, static_cast<int>(slice));
}

// ---- math.random: rand48 on the server's state (redis rand.c) -----------------------------------

constexpr uint64_t kRand48Mask = (uint64_t{1} << 48) - 1;
constexpr int64_t kRand48Max = INT32_MAX;

auto next_rand48(uint64_t& state) -> int64_t {
  state = (0x5DEECE66DULL * state + 0xB) & kRand48Mask;
  return static_cast<int64_t>(state >> 17);
}

auto math_random(lua_State* lua) -> int {
  CommandContext* context = run_context(lua);
  if (!context) return luaL_error(lua, "math.random can only be called inside a script invocation");
  const lua_Number r = static_cast<lua_Number>(next_rand48(context->script_random) % kRand48Max) /
                       static_cast<lua_Number>(kRand48Max);
  switch (lua_gettop(lua)) {
    case 0: lua_pushnumber(lua, r); return 1;
    case 1: {
      const int upper = luaL_checkint(lua, 1);
      luaL_argcheck(lua, 1 <= upper, 1, "interval is empty");
      lua_pushnumber(lua, std::floor(r * upper) + 1);
      return 1;
    }
    case 2: {
      const int lower = luaL_checkint(lua, 1);
      const int upper = luaL_checkint(lua, 2);
      luaL_argcheck(lua, lower <= upper, 2, "interval is empty");
      lua_pushnumber(lua, std::floor(r * (upper - lower + 1)) + lower);
      return 1;
    }
    default: return luaL_error(lua, "wrong number of arguments");
  }
}

auto math_randomseed(lua_State* lua) -> int {
  CommandContext* context = run_context(lua);
  if (!context)
    return luaL_error(lua, "math.randomseed can only be called inside a script invocation");
  const auto seed = static_cast<uint32_t>(luaL_checkint(lua, 1));
  context->script_random = (uint64_t{seed >> 16} << 32) | (uint64_t{seed & 0xffff} << 16) | 0x330E;
  return 0;
}

// ---- read-only globals and libraries
// -------------------------------------------------------------

auto readonly_error(lua_State* lua) -> int {
  return luaL_error(lua, "Attempt to modify a readonly table");
}

auto missing_global_error(lua_State* lua) -> int {
  // __index(proxy, name): the real globals table is this closure's upvalue. The texts are
  // luaProtectedTableError's.
  lua_pushvalue(lua, 2);
  lua_rawget(lua, lua_upvalueindex(1));
  if (!lua_isnil(lua, -1)) return 1;
  if (!lua_isstring(lua, 2)) {
    return luaL_error(lua, "Second argument to luaProtectedTableError must be a string or number");
  }
  return luaL_error(lua, "Script attempted to access nonexistent global variable '%s'",
                    lua_tostring(lua, 2));
}

// Replaces the table at the top of the stack with an empty proxy that reads through to it and
// refuses writes.
void make_readonly_proxy(lua_State* lua) {
  lua_newtable(lua);  // real, proxy
  lua_newtable(lua);  // real, proxy, metatable
  lua_pushvalue(lua, -3);
  lua_setfield(lua, -2, "__index");
  lua_pushcfunction(lua, readonly_error);
  lua_setfield(lua, -2, "__newindex");
  lua_pushboolean(lua, 0);
  lua_setfield(lua, -2, "__metatable");  // getmetatable/setmetatable cannot reach it
  lua_setmetatable(lua, -2);             // real, proxy
  lua_remove(lua, -2);                   // proxy
}

void open_library(lua_State* lua, lua_CFunction open, const char* name) {
  lua_pushcfunction(lua, open);
  lua_pushstring(lua, name);
  lua_call(lua, 1, 0);
}

void set_function(lua_State* lua, const char* name, lua_CFunction function) {
  lua_pushcfunction(lua, function);
  lua_setfield(lua, -2, name);
}

// The error handler of every script run: errors become {err, source, line} (eval.c).
constexpr const char* kErrorHandlerCode =
    "local dbg = debug\n"
    "return function(err)\n"
    "  local i = dbg.getinfo(2, 'nSl')\n"
    "  if i and i.what == 'C' then i = dbg.getinfo(3, 'nSl') end\n"
    "  if type(err) ~= 'table' then err = {err = 'ERR ' .. tostring(err)} end\n"
    "  if i then\n"
    "    err['source'] = i.source\n"
    "    err['line'] = i.currentline\n"
    "  end\n"
    "  return err\n"
    "end\n";

constexpr const char* kConfineLoadersCode =
    "local proxy = ...\n"
    "local real_loadstring, real_load, setfenv = loadstring, load, setfenv\n"
    "loadstring = function(text, name)\n"
    "  local f, e = real_loadstring(text, name)\n"
    "  if f then setfenv(f, proxy) end\n"
    "  return f, e\n"
    "end\n"
    "load = function(reader, name)\n"
    "  local f, e = real_load(reader, name)\n"
    "  if f then setfenv(f, proxy) end\n"
    "  return f, e\n"
    "end\n"
    "getmetatable('').__index = string\n";

class Engine {
 public:
  Engine() : lua_(luaL_newstate()) {
    LOCKSIM_ASSERT(lua_ != nullptr, "cannot create a Lua state");
    open_library(lua_, luaopen_base, "");
    open_library(lua_, luaopen_table, LUA_TABLIBNAME);
    open_library(lua_, luaopen_string, LUA_STRLIBNAME);
    open_library(lua_, luaopen_math, LUA_MATHLIBNAME);
    open_library(lua_, luaopen_debug, LUA_DBLIBNAME);
    install_error_handler();
    install_redis_api();
    keys_table_ = make_array_global("KEYS");
    argv_table_ = make_array_global("ARGV");
    protect_globals();
  }
  ~Engine() { lua_close(lua_); }
  Engine(const Engine&) = delete;
  auto operator=(const Engine&) -> Engine& = delete;

  static auto for_this_thread() -> Engine& {
    thread_local Engine engine;
    return engine;
  }

  auto compile(const std::string& sha, std::string_view body) -> std::optional<Reply> {
    if (compiled_.count(sha)) return std::nullopt;
    if (luaL_loadbuffer(lua_, body.data(), body.size(), "@user_script") != 0) {
      // addReplyErrorFormat("Error compiling script (new function): %s", ...).
      const std::string message(c_string(lua_tostring(lua_, -1)));
      lua_pop(lua_, 1);
      return formatted_error("ERR Error compiling script (new function): " + message);
    }
    lua_getfield(lua_, LUA_REGISTRYINDEX, kScriptGlobals);
    lua_setfenv(lua_, -2);
    compiled_.emplace(sha, luaL_ref(lua_, LUA_REGISTRYINDEX));
    return std::nullopt;
  }

  auto run(const std::string& sha, std::span<const std::string> keys,
           std::span<const std::string> args, CommandContext& context, const ScriptMode& mode)
      -> Reply {
    lua_rawgeti(lua_, LUA_REGISTRYINDEX, error_handler_);
    const auto chunk = compiled_.find(sha);
    LOCKSIM_ASSERT(chunk != compiled_.end(), "script {} was not compiled", sha);
    lua_rawgeti(lua_, LUA_REGISTRYINDEX, chunk->second);
    fill_array(keys_table_, "KEYS", keys);
    fill_array(argv_table_, "ARGV", args);
    LOCKSIM_ASSERT(current_run.context == nullptr, "script {} runs inside another script", sha);
    const uint64_t budget = context.options.script_instruction_budget;
    LOCKSIM_ASSERT(budget > 0, "script {} has no instruction budget", sha);
    current_run = {.context = &context, .instructions_left = budget, .keys = keys, .mode = mode};
    arm_budget_hook(lua_);
    const int status = lua_pcall(lua_, 0, 1, -2);
    lua_sethook(lua_, nullptr, 0, 0);
    current_run = {};
    Reply reply = status == 0 ? script_reply(lua_) : error_reply(sha);
    lua_pop(lua_, 2);  // the result (or error) and the error handler
    // A garbage-collection step every 50 runs, as Redis does (no effect on results).
    if (++runs_since_gc_ == 50) {
      lua_gc(lua_, LUA_GCSTEP, 50);
      runs_since_gc_ = 0;
    }
    return reply;
  }

 private:
  void install_error_handler() {
    const int status = luaL_loadstring(lua_, kErrorHandlerCode);
    LOCKSIM_ASSERT(status == 0, "error handler does not compile");
    lua_call(lua_, 0, 1);
    error_handler_ = luaL_ref(lua_, LUA_REGISTRYINDEX);
  }

  void install_redis_api() {
    lua_newtable(lua_);
    set_function(lua_, "call", redis_call);
    set_function(lua_, "pcall", redis_pcall);
    set_function(lua_, "error_reply", redis_error_reply);
    set_function(lua_, "status_reply", redis_status_reply);
    set_function(lua_, "sha1hex", redis_sha1hex);
    set_function(lua_, "log", redis_log);
    const std::pair<const char*, int> levels[] = {
        {"LOG_DEBUG", 0}, {"LOG_VERBOSE", 1}, {"LOG_NOTICE", 2}, {"LOG_WARNING", 3}};
    for (const auto& [name, level] : levels) {
      lua_pushnumber(lua_, level);
      lua_setfield(lua_, -2, name);
    }
    lua_pushstring(lua_, "7.0.15");
    lua_setfield(lua_, -2, "REDIS_VERSION");
    lua_pushnumber(lua_, 0x07000f);
    lua_setfield(lua_, -2, "REDIS_VERSION_NUM");
    lua_setglobal(lua_, "redis");
    lua_pushcfunction(lua_, redis_pcall_builtin);
    lua_setglobal(lua_, "pcall");

    lua_getglobal(lua_, "math");
    set_function(lua_, "random", math_random);
    set_function(lua_, "randomseed", math_randomseed);
    lua_pop(lua_, 1);
  }

  // Scripts see the globals through a proxy: reading an unknown name and writing anything are
  // errors, and the library tables are read-only too, so no script leaves state behind.
  void protect_globals() {
    for (const char* name : {"dofile", "loadfile", "print", "debug"}) {
      lua_pushnil(lua_);
      lua_setglobal(lua_, name);
    }
    for (const char* name : {"redis", "string", "table", "math", "coroutine"}) {
      lua_getglobal(lua_, name);
      make_readonly_proxy(lua_);
      lua_setglobal(lua_, name);
    }

    lua_newtable(lua_);  // the proxy scripts run in
    lua_newtable(lua_);  // its metatable
    lua_pushvalue(lua_, LUA_GLOBALSINDEX);
    lua_pushcclosure(lua_, missing_global_error, 1);
    lua_setfield(lua_, -2, "__index");
    lua_pushcfunction(lua_, readonly_error);
    lua_setfield(lua_, -2, "__newindex");
    lua_pushboolean(lua_, 0);
    lua_setfield(lua_, -2, "__metatable");
    lua_setmetatable(lua_, -2);
    lua_pushvalue(lua_, -1);
    lua_setfield(lua_, LUA_GLOBALSINDEX, "_G");  // _G inside a script is the proxy too
    lua_setfield(lua_, LUA_REGISTRYINDEX, kScriptGlobals);
    // Code made by loadstring/load runs in the proxy too, and strings index the read-only
    // string library.
    const int status = luaL_loadstring(lua_, kConfineLoadersCode);
    LOCKSIM_ASSERT(status == 0, "loader confinement does not compile");
    lua_getfield(lua_, LUA_REGISTRYINDEX, kScriptGlobals);
    lua_call(lua_, 1, 0);
  }

  // KEYS and ARGV are globals (in the real table, which scripts cannot write). Each run refills
  // the same two tables, which is cheaper than new ones; if a script left anything else in one
  // (KEYS[100] = 1, KEYS.x = 2), it is replaced by a fresh table, so no run sees another's.
  auto make_array_global(const char* name) -> int {
    lua_newtable(lua_);
    lua_pushvalue(lua_, -1);
    lua_setfield(lua_, LUA_GLOBALSINDEX, name);
    return luaL_ref(lua_, LUA_REGISTRYINDEX);
  }

  void fill_array(int& table, const char* name, std::span<const std::string> values) {
    lua_rawgeti(lua_, LUA_REGISTRYINDEX, table);
    for (size_t i = 0; i < values.size(); ++i) {
      lua_pushlstring(lua_, values[i].data(), values[i].size());
      lua_rawseti(lua_, -2, static_cast<int>(i + 1));
    }
    size_t entries = 0;
    lua_pushnil(lua_);
    while (lua_next(lua_, -2) != 0) {
      lua_pop(lua_, 1);
      ++entries;
    }
    lua_pop(lua_, 1);
    if (entries == values.size()) return;
    luaL_unref(lua_, LUA_REGISTRYINDEX, table);
    table = make_array_global(name);
    fill_array(table, name, values);
  }

  // luaCallFunction's error path: "-<err> script: <sha>, on <source>:<line>.", each field a C
  // string. Upstream 7.0.15 sends this text as it is, CR and LF included (an error raised with a
  // newline breaks the protocol); the Debian 7.0.15 differential-tested here
  // (CVE-2025-67733, "Strip CRLF from error and simple string replies") makes them spaces, and
  // so does the model. An error table without an err field crashes redis-server 7.0.15 (a NULL
  // message); the model gives the message as empty.
  auto error_reply(const std::string& sha) -> Reply {
    if (!lua_istable(lua_, -1)) {
      const char* message = lua_isstring(lua_, -1) ? lua_tostring(lua_, -1) : "execution failure";
      return formatted_error(fmt::format("ERR Error running script {}, {:.100}", sha, message));
    }
    std::string text = field_text(lua_, -1, "err", FieldText::string_or_number).value_or("");
    const auto source = field_text(lua_, -1, "source", FieldText::string_or_number);
    const auto line = field_text(lua_, -1, "line", FieldText::string_or_number);
    lua_pushlightuserdata(lua_, const_cast<char*>(&kDragonflyErrorMark));
    lua_rawget(lua_, -2);
    const bool dragonfly = lua_toboolean(lua_, -1) != 0;
    lua_pop(lua_, 1);
    if (dragonfly && source && line) {
      std::string_view message = text;
      if (message.starts_with("ERR ")) message.remove_prefix(4);
      return Reply::error(fmt::format("ERR Error running script (call to {}): {}:{}: {}", sha,
                                      *source, std::stoll(*line) + 1, message));
    }
    if (source && line) text += fmt::format(" script: {}, on {}:{}.", sha, *source, *line);
    return Reply::error(one_line(std::move(text)));
  }

  lua_State* lua_;
  int error_handler_ = LUA_NOREF;
  int keys_table_ = LUA_NOREF;
  int argv_table_ = LUA_NOREF;
  std::unordered_map<std::string, int> compiled_;  // SHA -> registry reference of the chunk
  int runs_since_gc_ = 0;
};

}  // namespace

auto compile_script(const std::string& sha, std::string_view body) -> std::optional<Reply> {
  return Engine::for_this_thread().compile(sha, body);
}

auto run_script(const std::string& sha, std::string_view body, std::span<const std::string> keys,
                std::span<const std::string> args, CommandContext& context, const ScriptMode& mode)
    -> Reply {
  if (!mode.progress) {
    // The built-in lock scripts touch only their declared keys.
    if (std::optional<Reply> reply = run_natively(body, keys, args, context)) return *reply;
  }
  if (std::optional<Reply> error = compile_script(sha, body)) return *error;
  if (!mode.progress) return Engine::for_this_thread().run(sha, keys, args, context, mode);
  // Every run of a non-atomic script draws math.random from a copy of the server's stream as it
  // was when the script began, so that each rerun takes the same path; the server's own stream
  // does not move for it (writing the copy back at the end would rewind what other scripts drew
  // meanwhile).
  ScriptProgress& progress = *mode.progress;
  if (progress.replies.empty()) progress.random_at_start = context.script_random;
  uint64_t random = progress.random_at_start;
  CommandContext run_context{context.keyspace, context.scripts, random,         context.dirty,
                             context.sessions, context.now_ms,  context.options};
  progress.suspended = false;
  return Engine::for_this_thread().run(sha, keys, args, run_context, mode);
}

}  // namespace locksim::redis
