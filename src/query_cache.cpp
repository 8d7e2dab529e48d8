#include <xbuild/query_cache.hpp>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <xbuild/atomic_file.hpp>
#include <xbuild/json_text.hpp>
#include <xbuild/sha256.hpp>

namespace xbuild {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t k_max_entries = 400;
constexpr std::size_t k_kept_entries = 200;

// Files go list reports by name (see go/build's Package), besides .go ones.
constexpr std::array<std::string_view, 19> k_listed_extensions = {
    ".c",   ".cc", ".cpp", ".cxx", ".h",   ".hh",  ".hpp",  ".hxx",     ".f",   ".F",
    ".for", ".f90", ".m",  ".s",   ".S",   ".sx",  ".swig", ".swigcxx", ".syso"};

// Files whose content decides versions and the graph's shape.
constexpr std::array<std::string_view, 4> k_module_files = {"go.mod", "go.sum", "go.work", "go.work.sum"};

bool is_top_level_decl(std::string_view line) {
    for (std::string_view keyword : {"func", "type", "var", "const"}) {
        if (line.starts_with(keyword) && line.size() > keyword.size()) {
            const char next = line[keyword.size()];
            if (next == ' ' || next == '\t' || next == '(') return true;
        }
    }
    return false;
}

}  // namespace

std::string_view go_file_header(std::string_view source) {
    bool in_block_comment = false;
    std::size_t line_start = 0;
    while (line_start < source.size()) {
        std::size_t line_end = source.find('\n', line_start);
        if (line_end == std::string_view::npos) line_end = source.size();
        const std::string_view line = source.substr(line_start, line_end - line_start);
        if (!in_block_comment && is_top_level_decl(line)) return source.substr(0, line_start);
        // Follow /* */ through the line; // ends it. Import paths hold neither.
        std::size_t i = 0;
        while (i < line.size()) {
            if (in_block_comment) {
                const std::size_t close = line.find("*/", i);
                if (close == std::string_view::npos) break;
                in_block_comment = false;
                i = close + 2;
            } else {
                const std::size_t open = line.find("/*", i);
                const std::size_t comment = line.find("//", i);
                if (open == std::string_view::npos || (comment != std::string_view::npos && comment < open)) break;
                in_block_comment = true;
                i = open + 2;
            }
        }
        line_start = line_end + 1;
    }
    return source;
}

Result<std::string> import_graph_key(const std::vector<fs::path>& inputs, std::string_view salt) {
    std::string signature(salt);
    signature += '\n';
    for (const fs::path& path : inputs) {
        const std::string name = path.filename().string();
        const std::string extension = path.extension().string();
        const bool module_file =
            std::find(k_module_files.begin(), k_module_files.end(), name) != k_module_files.end() ||
            (name == "modules.txt" && path.parent_path().filename() == "vendor");
        if (extension == ".go" || module_file) {
            auto text = read_file(path);
            if (!text) return text.error();
            const std::string_view part = module_file ? std::string_view(*text) : go_file_header(*text);
            signature += fmt::format("{}\t{}\n", path.string(), sha256_hex(part));
        } else if (std::find(k_listed_extensions.begin(), k_listed_extensions.end(), extension) !=
                   k_listed_extensions.end()) {
            signature += fmt::format("{}\n", path.string());
        }
    }
    return sha256_hex(signature);
}

CachingGoQueryRunner::CachingGoQueryRunner(CommandRunner& inner, fs::path dir, std::string graph_key)
    : m_inner(inner), m_dir(std::move(dir)), m_graph_key(std::move(graph_key)) {}

std::string CachingGoQueryRunner::entry_key(const ProcessSpec& spec) const {
    nlohmann::json key = {{"graph", m_graph_key}, {"argv", spec.argv}, {"cwd", spec.cwd.string()},
                          {"env", spec.env}};
    return sha256_hex(json_text(key));
}

Result<ProcessExit> CachingGoQueryRunner::run(const ProcessSpec& spec) {
    // go list, and `go env -json VAR` (the variant checks: their answer is
    // the SDK's, given VAR in the environment, which is part of the key).
    const bool listing = spec.argv.size() > 1 && spec.argv[1] == "list";
    const bool variant_check = spec.argv.size() == 4 && spec.argv[1] == "env" && spec.argv[2] == "-json";
    const bool cacheable = (listing || variant_check) && spec.output_file.empty();
    if (!cacheable) return m_inner.run(spec);
    const fs::path entry = m_dir / (entry_key(spec) + ".json");
    if (auto text = read_file(entry)) {
        const nlohmann::json json = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
        if (json.is_object() && json.contains("output") && json["output"].is_string()) {
            ++m_hits;
            ProcessExit exit;
            exit.exit_code = 0;
            exit.output = json["output"].get<std::string>();
            return exit;
        }
    }
    auto exit = m_inner.run(spec);
    // Only whole, successful answers are worth repeating.
    if (exit && exit->success() && !exit->output_truncated) {
        std::error_code ec;
        fs::create_directories(m_dir, ec);
        const nlohmann::json json = {{"argv", spec.argv}, {"output", exit->output}};
        if (!ec && write_file_atomic(entry, json_text(json))) {
            prune();
        }
    }
    return exit;
}

void CachingGoQueryRunner::prune() const {
    std::error_code ec;
    std::vector<std::pair<fs::file_time_type, fs::path>> entries;
    for (const auto& entry : fs::directory_iterator(m_dir, ec)) {
        if (entry.path().extension() == ".json") {
            entries.emplace_back(entry.last_write_time(ec), entry.path());
        }
    }
    if (entries.size() <= k_max_entries) return;
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t i = k_kept_entries; i < entries.size(); ++i) fs::remove(entries[i].second, ec);
}

}  // namespace xbuild
