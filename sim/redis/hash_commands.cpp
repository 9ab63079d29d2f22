// Hash commands that lock libraries use (Redisson's reentrant lock): HSET, HGET, HDEL, HEXISTS,
// HINCRBY, HLEN. Error texts and their order follow redis 7.0.15 src/t_hash.c.
#include "sim/redis/commands.hpp"

namespace locksim::redis {
namespace {

// The hash at key for reading: nullptr if missing; `wrong_type` set if the key is not a hash.
auto read_hash(CommandContext& context, std::string_view key, bool& wrong_type) -> Hash* {
  Entry* entry = context.find(key);
  wrong_type = entry && !entry->hash();
  return entry ? entry->hash() : nullptr;
}

// hashTypeLookupWriteOrCreate: the hash at key, created empty if missing; nullptr if wrong type.
auto write_hash(CommandContext& context, std::string_view key) -> Hash* {
  Entry* entry = context.find(key);
  if (!entry) {
    context.keyspace.put(key, Entry{Hash{}, std::nullopt});
    entry = context.find(key);
  }
  return entry->hash();
}

}  // namespace

auto hset_command(CommandContext& context, const Command& command) -> Reply {
  if (command.argv.size() % 2 == 1) return arity_error("hset");
  Hash* hash = write_hash(context, command.argv[1]);
  if (!hash) return wrong_type_error();
  int64_t created = 0;
  for (size_t i = 2; i < command.argv.size(); i += 2) {
    created += hash->insert_or_assign(command.argv[i], command.argv[i + 1]).second ? 1 : 0;
  }
  context.changed(command.argv[1], (command.argv.size() - 2) / 2);
  return Reply::number(created);
}

auto hget_command(CommandContext& context, const Command& command) -> Reply {
  bool wrong_type = false;
  const Hash* hash = read_hash(context, command.argv[1], wrong_type);
  if (wrong_type) return wrong_type_error();
  if (!hash) return Reply::nil();
  const auto found = hash->find(command.argv[2]);
  return found == hash->end() ? Reply::nil() : Reply::bulk(found->second);
}

auto hdel_command(CommandContext& context, const Command& command) -> Reply {
  bool wrong_type = false;
  Hash* hash = read_hash(context, command.argv[1], wrong_type);
  if (wrong_type) return wrong_type_error();
  if (!hash) return Reply::number(0);
  int64_t removed = 0;
  for (size_t i = 2; i < command.argv.size(); ++i) {
    const auto found = hash->find(command.argv[i]);
    if (found == hash->end()) continue;
    hash->erase(found);
    ++removed;
    context.changed(command.argv[1]);
    if (hash->empty()) {
      context.keyspace.erase(command.argv[1]);  // an empty hash is no key at all
      break;
    }
  }
  return Reply::number(removed);
}

auto hexists_command(CommandContext& context, const Command& command) -> Reply {
  bool wrong_type = false;
  const Hash* hash = read_hash(context, command.argv[1], wrong_type);
  if (wrong_type) return wrong_type_error();
  return Reply::number(hash && hash->count(command.argv[2]) ? 1 : 0);
}

auto hincrby_command(CommandContext& context, const Command& command) -> Reply {
  const std::optional<int64_t> by = parse_redis_integer(command.argv[3]);
  if (!by) return not_integer_error();
  Hash* hash = write_hash(context, command.argv[1]);
  if (!hash) return wrong_type_error();
  int64_t value = 0;
  const auto found = hash->find(command.argv[2]);
  if (found != hash->end()) {
    const std::optional<int64_t> parsed = parse_redis_integer(found->second);
    if (!parsed) return Reply::error("ERR hash value is not an integer");
    value = *parsed;
  }
  if (addition_overflows(value, *by)) {
    return Reply::error("ERR increment or decrement would overflow");
  }
  value += *by;
  hash->insert_or_assign(command.argv[2], std::to_string(value));
  context.changed(command.argv[1]);
  return Reply::number(value);
}

auto hlen_command(CommandContext& context, const Command& command) -> Reply {
  bool wrong_type = false;
  const Hash* hash = read_hash(context, command.argv[1], wrong_type);
  if (wrong_type) return wrong_type_error();
  return Reply::number(hash ? static_cast<int64_t>(hash->size()) : 0);
}

}  // namespace locksim::redis
