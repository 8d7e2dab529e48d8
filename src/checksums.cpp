#include <xbuild/checksums.hpp>

#include <algorithm>

#include <xbuild/atomic_file.hpp>

namespace xbuild {

namespace fs = std::filesystem;

fs::path default_checksums_path(const std::vector<ChecksumEntry>& entries) {
    if (entries.empty()) return fs::path("dist") / "SHA256SUMS";
    fs::path common = entries.front().path.lexically_normal().parent_path();
    for (const ChecksumEntry& entry : entries) {
        const fs::path dir = entry.path.lexically_normal().parent_path();
        // Climb until `common` is an ancestor of (or equal to) `dir`.
        while (!common.empty()) {
            const fs::path relative = dir.lexically_relative(common);
            if (!relative.empty() && *relative.begin() != "..") break;
            if (common == common.parent_path()) break;
            common = common.parent_path();
        }
    }
    return common / "SHA256SUMS";
}

std::string format_checksums(std::vector<ChecksumEntry> entries, const fs::path& file) {
    const fs::path base = file.lexically_normal().parent_path();
    std::vector<std::pair<std::string, std::string>> lines;
    for (const ChecksumEntry& entry : entries) {
        lines.emplace_back(entry.path.lexically_normal().lexically_relative(base).string(), entry.sha256);
    }
    std::sort(lines.begin(), lines.end());
    std::string text;
    for (const auto& [path, sha256] : lines) {
        const bool escape = path.find_first_of("\n\\") != std::string::npos;
        if (escape) text += '\\';
        text += sha256;
        text += "  ";
        for (char c : path) {
            if (c == '\n') text += "\\n";
            else if (c == '\\') text += "\\\\";
            else text += c;
        }
        text += '\n';
    }
    return text;
}

Result<void> write_checksums(const std::vector<ChecksumEntry>& entries, const fs::path& file) {
    std::error_code ec;
    if (!file.parent_path().empty()) fs::create_directories(file.parent_path(), ec);
    if (ec) return make_error("cannot create {}: {}", file.parent_path().string(), ec.message());
    return write_file_atomic(file, format_checksums(entries, file));
}

}  // namespace xbuild
