// A whole file as text (bytes as they are), or why it cannot be read, in words a person can act
// on: "no such file", "is a directory", "permission denied".
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <system_error>

namespace locksim {

struct TextFile {
  std::optional<std::string> text;
  std::string error;  // set when text is empty
};

auto load_text_file(const std::filesystem::path& path) -> TextFile;

// Why a file operation failed, in those words ("no such file", ...; otherwise the system's).
auto file_error_reason(std::error_code error) -> std::string;

// The text alone, for callers that have nothing to say about a file that cannot be read.
inline auto read_text_file(const std::filesystem::path& path) -> std::optional<std::string> {
  return load_text_file(path).text;
}

}  // namespace locksim
