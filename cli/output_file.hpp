// Writing a command's output file whole: to NAME.partial, then renamed over NAME, so that a
// command killed while writing leaves the old file or the new one, never half of one.
#pragma once

#include <filesystem>
#include <string>

namespace locksim::cli {

// False when the file cannot be written (the caller says so, naming its flag).
auto write_file(const std::filesystem::path& path, const std::string& text) -> bool;

}  // namespace locksim::cli
