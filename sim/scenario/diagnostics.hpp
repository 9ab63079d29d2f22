// Errors in an input file, collected rather than thrown, so that a person sees every mistake in
// one go, each as `file:line:col: error: message` in the order of the file (or, when the file
// cannot be read at all, `file: error: message`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace locksim {

struct SourcePosition {
  uint32_t line = 1;
  uint32_t column = 1;
};

struct Diagnostic {
  std::optional<SourcePosition> at;  // empty: about the file as a whole (it cannot be read)
  std::string message;
};

class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}

  void error(SourcePosition at, std::string message) { list_.push_back({at, std::move(message)}); }
  // Printed as `file: error: message`.
  void file_error(std::string message) { list_.push_back({std::nullopt, std::move(message)}); }
  auto empty() const -> bool { return list_.empty(); }
  auto list() const -> const std::vector<Diagnostic>& { return list_; }
  auto file() const -> const std::string& { return file_; }
  // Every error, one per line, ordered by position.
  auto format() const -> std::string;

 private:
  std::string file_;
  std::vector<Diagnostic> list_;
};

}  // namespace locksim
