#include <xbuild/input_fingerprint.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <xbuild/atomic_file.hpp>
#include <xbuild/sha256.hpp>

namespace xbuild {

namespace fs = std::filesystem;

namespace {

Result<InputFile> stat_input(const fs::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        return make_error("cannot stat {}", path.string());
    }
    InputFile file;
    file.path = path.string();
    file.size = static_cast<std::uint64_t>(st.st_size);
    file.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    return file;
}

// The paths a go.mod's replace directives point to on disk: the right side
// of "=>" when it starts with ".", ".." or "/" (a module path never does).
std::vector<fs::path> local_replacements(const std::string& go_mod, const fs::path& root) {
    std::vector<fs::path> dirs;
    std::istringstream lines(go_mod);
    std::string line;
    while (std::getline(lines, line)) {
        if (const auto comment = line.find("//"); comment != std::string::npos) line.erase(comment);
        const auto arrow = line.find("=>");
        if (arrow == std::string::npos) continue;
        std::istringstream rhs(line.substr(arrow + 2));
        std::string target;
        rhs >> target;
        if (target.size() > 1 && target.front() == '"' && target.back() == '"') {
            target = target.substr(1, target.size() - 2);
        }
        if (target.starts_with('.') || target.starts_with('/')) {
            dirs.push_back((root / target).lexically_normal());
        }
    }
    return dirs;
}

bool is_xbuild_scratch(const std::string& name) {
    return name.find(".xbuild-tmp-") != std::string::npos || name == ".xbuild.lock";
}

bool is_excluded(const fs::path& path, const std::vector<fs::path>& excluded) {
    return std::find(excluded.begin(), excluded.end(), path) != excluded.end();
}

}  // namespace

Result<InputScope> module_input_scope(const fs::path& dir,
                                      const std::optional<std::string>& gowork_env) {
    if (gowork_env && !gowork_env->empty() && *gowork_env != "off") {
        return make_error("GOWORK is set: a workspace's inputs are go's to find");
    }
    std::error_code ec;
    const fs::path start = dir.lexically_normal();
    // go looks for go.work all the way up, past the module's own go.mod.
    if (!(gowork_env && *gowork_env == "off")) {
        for (fs::path at = start;; at = at.parent_path()) {
            if (fs::exists(at / "go.work", ec)) {
                return make_error("{} is in a go.work workspace", dir.string());
            }
            if (at == at.root_path() || at.empty()) break;
        }
    }
    for (fs::path at = start;; at = at.parent_path()) {
        if (fs::is_regular_file(at / "go.mod", ec)) {
            auto text = read_file(at / "go.mod");
            if (!text) return text.error();
            InputScope scope;
            scope.roots.push_back(at);
            for (fs::path& replaced : local_replacements(*text, at)) {
                scope.roots.push_back(std::move(replaced));
            }
            return scope;
        }
        if (at == at.root_path() || at.empty()) break;
    }
    return make_error("no go.mod at or above {} (GOPATH mode)", dir.string());
}

Result<std::vector<fs::path>> list_inputs(const InputScope& scope) {
    std::vector<fs::path> files;
    for (const fs::path& root : scope.roots) {
        std::error_code ec;
        if (!fs::is_directory(root, ec)) {
            // A replace target that is missing is go's error to report.
            return make_error("{} is not a directory", root.string());
        }
        fs::recursive_directory_iterator it(root, fs::directory_options::none, ec);
        if (ec) return make_error("cannot list {}: {}", root.string(), ec.message());
        for (const fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
            if (ec) return make_error("cannot list {}: {}", root.string(), ec.message());
            const fs::path& path = it->path();
            const std::string name = path.filename().string();
            const bool is_dir = it->is_directory(ec);
            if (is_dir) {
                if (name == ".git" || is_excluded(path, scope.excluded)) it.disable_recursion_pending();
                continue;
            }
            if (!it->is_regular_file(ec) || is_xbuild_scratch(name) || is_excluded(path, scope.excluded)) {
                continue;
            }
            files.push_back(path);
            if (files.size() > k_max_input_files) {
                return make_error("more than {} files under {}", k_max_input_files, root.string());
            }
        }
    }
    // By the path's text, not fs::path's component order: the manifest and
    // inputs_changed compare strings ("a-c" sorts before "a/b").
    std::sort(files.begin(), files.end(),
              [](const fs::path& a, const fs::path& b) { return a.native() < b.native(); });
    files.erase(std::unique(files.begin(), files.end()), files.end());
    return files;
}

Result<InputSet> fingerprint_inputs(const std::vector<fs::path>& paths, const InputSet* previous) {
    InputSet set;
    set.files.reserve(paths.size());
    for (const fs::path& path : paths) {
        auto file = stat_input(path);
        if (!file) return file.error();
        const InputFile* before = nullptr;
        if (previous != nullptr) {
            const auto it = std::lower_bound(
                previous->files.begin(), previous->files.end(), file->path,
                [](const InputFile& entry, const std::string& key) { return entry.path < key; });
            if (it != previous->files.end() && it->path == file->path) before = &*it;
        }
        if (before != nullptr && before->size == file->size && before->mtime_ns == file->mtime_ns) {
            file->sha256 = before->sha256;
        } else {
            auto digest = sha256_file(path);
            if (!digest) return digest.error();
            file->sha256 = std::move(*digest);
        }
        set.files.push_back(std::move(*file));
    }
    return set;
}

std::optional<std::string> inputs_changed(const InputSet& recorded, const std::vector<fs::path>& now) {
    std::size_t i = 0;
    for (; i < now.size() && i < recorded.files.size(); ++i) {
        if (now[i].string() != recorded.files[i].path) break;
    }
    if (i < now.size() || i < recorded.files.size()) {
        // Paths are sorted on both sides: the first mismatch names the change.
        const bool added = i < now.size() &&
                           (i >= recorded.files.size() || now[i].string() < recorded.files[i].path);
        return added ? fmt::format("{} is new", now[i].string())
                     : fmt::format("{} was removed", recorded.files[i].path);
    }
    for (const InputFile& before : recorded.files) {
        auto file = stat_input(before.path);
        if (!file) return fmt::format("{} cannot be read", before.path);
        if (file->size == before.size && file->mtime_ns == before.mtime_ns) continue;
        auto digest = sha256_file(before.path);
        if (!digest || *digest != before.sha256) return fmt::format("{} changed", before.path);
    }
    return std::nullopt;
}

nlohmann::json to_json(const InputSet& inputs) {
    nlohmann::json files = nlohmann::json::array();
    for (const InputFile& file : inputs.files) {
        files.push_back({file.path, file.size, file.mtime_ns, file.sha256});
    }
    return files;
}

Result<InputSet> input_set_from_json(const nlohmann::json& json) {
    InputSet set;
    if (!json.is_array()) return make_error("inputs: expected an array");
    for (const auto& entry : json) {
        if (!entry.is_array() || entry.size() != 4 || !entry[0].is_string() ||
            !entry[1].is_number_unsigned() || !entry[2].is_number_integer() || !entry[3].is_string()) {
            return make_error("inputs: malformed entry");
        }
        set.files.push_back(InputFile{entry[0].get<std::string>(), entry[1].get<std::uint64_t>(),
                                      entry[2].get<std::int64_t>(), entry[3].get<std::string>()});
    }
    if (!std::is_sorted(set.files.begin(), set.files.end(),
                        [](const InputFile& a, const InputFile& b) { return a.path < b.path; })) {
        return make_error("inputs: not sorted");
    }
    return set;
}

}  // namespace xbuild
