#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <xbuild/error.hpp>

namespace xbuild {

struct ChecksumEntry {
    std::filesystem::path path;  // absolute
    std::string sha256;          // lowercase hex
};

// Where --checksums writes when it is given no FILE: SHA256SUMS in the
// deepest directory that holds every artifact (the output directory).
std::filesystem::path default_checksums_path(const std::vector<ChecksumEntry>& entries);

// The GNU coreutils format that `sha256sum -c` verifies: "<hex>  <path>\n"
// per entry, paths relative to `file`'s directory, sorted by path so that the
// file is the same for the same artifacts. A path with a newline or a
// backslash is written the way sha256sum escapes it ("\\<hex>  a\\nb").
std::string format_checksums(std::vector<ChecksumEntry> entries, const std::filesystem::path& file);

// format_checksums written atomically to `file` (its directory created).
Result<void> write_checksums(const std::vector<ChecksumEntry>& entries, const std::filesystem::path& file);

}  // namespace xbuild
