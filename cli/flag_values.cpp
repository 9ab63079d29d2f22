// Flag values; see flag_values.hpp.
#include "cli/flag_values.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <optional>

#include "sim/check/invariant.hpp"
#include "sim/core/duration_parse.hpp"
#include "sim/core/split.hpp"
#include "sim/core/text_file.hpp"
#include "sim/scenario/scenario.hpp"

namespace locksim::cli {
namespace {

// Why `path` cannot be written (into), when it cannot.
auto write_refusal(const std::filesystem::path& path) -> std::optional<std::error_code> {
  if (access(path.c_str(), W_OK) == 0) return std::nullopt;
  return std::error_code(errno, std::generic_category());
}

}  // namespace

void FlagReader::error(std::string_view flag, std::string_view message) {
  fmt::print(stderr, "locksim {}: error: {}: {}\n", command_, flag, message);
  ok_ = false;
}

auto FlagReader::duration(std::string_view flag, const std::string& text, Sign sign) -> Duration {
  const DurationParse result = parse_duration(text, sign);
  if (!result.value) error(flag, result.error);
  return result.value.value_or(Duration{});
}

auto FlagReader::ttl(std::string_view flag, const std::string& text) -> Duration {
  const bool was_ok = ok_;
  const Duration value = duration(flag, text, Sign::positive);
  if (ok_ == was_ok && value.us % 1'000 != 0) {
    error(flag, fmt::format("Redis takes whole milliseconds, got {}", text));
  }
  return value;
}

auto FlagReader::seed(std::string_view flag, const std::string& text) -> uint64_t {
  uint64_t seed = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seed);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || seed > kSeedMax) {
    error(flag, fmt::format("a seed is a whole number from 0 to {}, got '{}'", kSeedMax, text));
  }
  return seed;
}

void FlagReader::output_directory(std::string_view flag, const std::filesystem::path& directory,
                                  std::initializer_list<std::string_view> files) {
  const auto refuse = [&](std::string_view what, const std::filesystem::path& path,
                          std::error_code reason) {
    error(flag, fmt::format("cannot {} '{}': {}", what, path.string(), file_error_reason(reason)));
  };
  std::error_code failure;
  if (!std::filesystem::exists(directory, failure)) {
    if (ok_ && !std::filesystem::create_directories(directory, failure)) {
      refuse("create the directory", directory, failure);
    }
    return;
  }
  if (!std::filesystem::is_directory(directory, failure)) {
    return error(flag, fmt::format("'{}' is a file, not a directory", directory.string()));
  }
  if (const auto reason = write_refusal(directory)) return refuse("write into", directory, *reason);
  for (const std::string_view name : files) {
    const std::filesystem::path file = directory / name;
    if (std::filesystem::is_directory(file, failure)) {
      refuse("write", file, std::make_error_code(std::errc::is_a_directory));
    } else if (std::filesystem::exists(file, failure)) {
      if (const auto reason = write_refusal(file)) refuse("write", file, *reason);
    }
  }
}

auto FlagReader::shard(std::string_view flag, const std::string& text) -> Shard {
  const size_t slash = text.find('/');
  Shard shard;
  const auto number = [](std::string_view part, uint32_t& out) {
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
    return !part.empty() && ec == std::errc{} && end == part.data() + part.size();
  };
  if (slash == std::string::npos || !number(std::string_view(text).substr(0, slash), shard.index) ||
      !number(std::string_view(text).substr(slash + 1), shard.count) || shard.count == 0 ||
      shard.index == 0 || shard.index > shard.count) {
    error(flag, fmt::format("takes I/N with 1 <= I <= N, got '{}'", text));
    return {};
  }
  return shard;
}

auto FlagReader::faults(std::string_view flag, const std::string& text)
    -> std::vector<FaultSelection> {
  FaultsParse parsed = parse_faults(text);
  for (const std::string& message : parsed.errors) error(flag, message);
  return std::move(parsed.selections);
}

auto FlagReader::invariants(std::string_view flag, const std::string& text, bool workloads)
    -> std::vector<std::string> {
  std::vector<std::string_view> known(std::begin(kInvariantNames), std::end(kInvariantNames));
  if (workloads) {
    known.insert(known.end(), std::begin(kWorkloadInvariantNames),
                 std::end(kWorkloadInvariantNames));
  }
  if (text == "all") return {known.begin(), known.end()};
  return names(flag, text, known);
}

auto FlagReader::names(std::string_view flag, const std::string& text,
                       const std::vector<std::string_view>& known) -> std::vector<std::string> {
  std::vector<std::string> names;
  for (const std::string_view name : split(text, ',')) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      error(flag, fmt::format("unknown name '{}' (known: {})", name, fmt::join(known, ", ")));
    } else if (std::find(names.begin(), names.end(), name) == names.end()) {
      names.emplace_back(name);
    }
  }
  return names;
}

}  // namespace locksim::cli
