#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <xbuild/error.hpp>

namespace xbuild {

// Writes `content` to a temp file beside `path`, flushes it, and renames it
// onto `path`: readers see the old file or the whole new one, never a part.
// On error nothing is left behind and the old file is untouched.
Result<void> write_file_atomic(const std::filesystem::path& path, std::string_view content);

// The whole content of a file; an error naming it (and why) when it cannot
// be opened or read.
Result<std::string> read_file(const std::filesystem::path& path);

}  // namespace xbuild
