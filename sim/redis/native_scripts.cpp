// Natively run scripts; see native_scripts.hpp.
#include "sim/redis/native_scripts.hpp"

namespace locksim::redis {
namespace {

// if redis.call("get",KEYS[1]) == ARGV[1] then return redis.call("del",KEYS[1]) else return 0 end
auto compare_and_delete(std::span<const std::string> keys, std::span<const std::string> args,
                        CommandContext& context) -> std::optional<Reply> {
  if (keys.empty() || args.empty() || context.options.replica) return std::nullopt;
  const std::string& key = keys[0];
  // GET: a master deletes an expired key as it looks (find() reports it changed).
  Entry* entry = context.find(key);
  if (entry && !entry->string()) return std::nullopt;  // GET raises WRONGTYPE; nothing changed
  // A missing key reaches Lua as false, which equals no string.
  if (!entry || *entry->string() != args[0]) return Reply::number(0);
  // DEL of a live key: removed, one modification.
  context.keyspace.erase(key);
  context.changed(key);
  return Reply::number(1);
}

}  // namespace

auto run_natively(std::string_view body, std::span<const std::string> keys,
                  std::span<const std::string> args, CommandContext& context)
    -> std::optional<Reply> {
  if (body == kCompareAndDeleteScript) return compare_and_delete(keys, args, context);
  return std::nullopt;
}

}  // namespace locksim::redis
