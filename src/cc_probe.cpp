#include <xbuild/cc_probe.hpp>

#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <xbuild/atomic_file.hpp>
#include <xbuild/binary_header.hpp>
#include <xbuild/json_text.hpp>

namespace xbuild {

namespace fs = std::filesystem;

namespace {

// Including a libc header makes a compiler without the target's C library
// (clang --target without a sysroot) fail here rather than halfway through a
// cgo build.
constexpr std::string_view k_probe_source =
    "#include <stdlib.h>\n"
    "int xbuild_probe(int n) { return abs(n); }\n";

constexpr std::size_t k_max_message_line = 200;

// A directory removed with everything in it when the guard goes.
class ScratchDir {
public:
    static Result<ScratchDir> create(const fs::path& parent) {
        std::error_code ec;
        fs::create_directories(parent, ec);
        if (ec) return make_error("cannot create {}: {}", parent.string(), ec.message());
        std::string pattern = (parent / "cc-probe-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            return make_error("cannot create a directory in {}: {}", parent.string(),
                              std::strerror(errno));
        }
        return ScratchDir(pattern);
    }
    ScratchDir(ScratchDir&& other) noexcept : m_path(std::exchange(other.m_path, {})) {}
    ScratchDir& operator=(ScratchDir&&) = delete;
    ScratchDir(const ScratchDir&) = delete;
    ~ScratchDir() {
        if (m_path.empty()) return;
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    const fs::path& path() const { return m_path; }

private:
    explicit ScratchDir(fs::path path) : m_path(std::move(path)) {}
    fs::path m_path;
};

// The line of compiler output most worth showing: the first that mentions an
// error, else the first non-empty one.
std::string first_error_line(const std::string& output) {
    std::string first;
    std::size_t begin = 0;
    while (begin < output.size()) {
        std::size_t end = output.find('\n', begin);
        if (end == std::string::npos) end = output.size();
        std::string line = output.substr(begin, end - begin);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (line.find("error") != std::string::npos) {
            first = line;
            break;
        }
        if (first.empty()) first = line;
        begin = end + 1;
    }
    if (first.size() > k_max_message_line) first = first.substr(0, k_max_message_line) + "...";
    return first;
}

std::string cache_key_text(const std::string& resolved_path, const std::vector<std::string>& cc,
                           const Target& target) {
    // Unit separators keep ("a b", "c") apart from ("a", "b c").
    std::string text = resolved_path;
    for (const std::string& arg : cc) text += "\x1f" + arg;
    return text + "\x1e" + target.str();
}

std::optional<CcProbeResult> read_cache(const fs::path& file, const FileIdentity& identity,
                                        const std::vector<std::string>& cc, const Target& target) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    const nlohmann::json json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (!json.is_object()) return std::nullopt;
    // A stale or foreign file (compiler replaced, key collision) is ignored
    // and overwritten after the new probe.
    auto field = [&](const char* name) { return json.contains(name) ? json[name] : nullptr; };
    if (field("path") != nlohmann::json(identity.path) ||
        field("size") != nlohmann::json(identity.size) ||
        field("mtime_ns") != nlohmann::json(identity.mtime_ns) ||
        field("argv") != nlohmann::json(cc) || field("target") != nlohmann::json(target.str())) {
        return std::nullopt;
    }
    if (!field("matches").is_boolean() || !field("description").is_string() ||
        !field("message").is_string()) {
        return std::nullopt;
    }
    CcProbeResult result;
    result.matches = json["matches"].get<bool>();
    result.description = json["description"].get<std::string>();
    result.message = json["message"].get<std::string>();
    result.cached = true;
    return result;
}

void write_cache(const Store& store, const fs::path& file, const FileIdentity& identity,
                 const std::vector<std::string>& cc, const Target& target,
                 const CcProbeResult& result) {
    if (auto made = store.ensure_dir(file.parent_path()); !made) {
        spdlog::debug("cc probe cache: {}", made.error().message);
        return;
    }
    nlohmann::json json = {
        {"path", identity.path},
        {"size", identity.size},
        {"mtime_ns", identity.mtime_ns},
        {"argv", cc},
        {"target", target.str()},
        {"matches", result.matches},
        {"description", result.description},
        {"message", result.message},
    };
    // The cache only saves a compile next time; failing to write it is not
    // worth failing the build for.
    if (auto written = write_file_atomic(file, json_text(json, 2) + "\n"); !written) {
        spdlog::debug("cc probe cache: {}", written.error().message);
    }
}

}  // namespace

std::string display_command(const std::vector<std::string>& argv) {
    std::string text;
    for (const std::string& arg : argv) {
        if (!text.empty()) text += ' ';
        bool plain = !arg.empty() && arg.find_first_of(" \t\n'\"\\$`") == std::string::npos;
        if (plain) {
            text += arg;
            continue;
        }
        text += '\'';
        for (char c : arg) text += c == '\'' ? std::string("'\\''") : std::string(1, c);
        text += '\'';
    }
    return text;
}

fs::path cc_probe_cache_path(const Store& store, const std::string& resolved_path,
                             const std::vector<std::string>& cc, const Target& target) {
    return store.root() / "cc-probes" /
           (path_key(cache_key_text(resolved_path, cc, target)) + ".json");
}

CompileCcProber::CompileCcProber(CommandRunner& runner, Environment env, fs::path work_dir,
                                 std::optional<Store> store)
    : m_runner(runner),
      m_env(std::move(env)),
      m_work_dir(std::move(work_dir)),
      m_store(std::move(store)) {}

Result<CcProbeResult> CompileCcProber::probe(const std::vector<std::string>& cc,
                                             const std::string& resolved_path,
                                             const Target& target) {
    if (cc.empty()) return make_error("cannot probe an empty C compiler command");
    std::optional<FileIdentity> identity;
    if (m_store) {
        if (auto found = identify_file(resolved_path)) identity = *found;
    }
    fs::path cache_file;
    if (identity) {
        cache_file = cc_probe_cache_path(*m_store, resolved_path, cc, target);
        if (auto cached = read_cache(cache_file, *identity, cc, target)) {
            spdlog::debug("cc probe {} for {}: cached in {}", display_command(cc), target.str(),
                          cache_file.string());
            return *cached;
        }
    }
    auto result = compile(cc, target);
    if (!result) return result;
    // Only a parsed object is a fact about the compiler itself.
    if (identity && !result->description.empty()) {
        write_cache(*m_store, cache_file, *identity, cc, target, *result);
    }
    return result;
}

Result<CcProbeResult> CompileCcProber::compile(const std::vector<std::string>& cc,
                                               const Target& target) {
    auto dir = ScratchDir::create(m_work_dir);
    if (!dir) return make_error("cannot probe {}: {}", display_command(cc), dir.error().message);
    const fs::path source = dir->path() / "probe.c";
    const fs::path object = dir->path() / "probe.o";
    {
        std::ofstream out(source, std::ios::binary);
        out << k_probe_source;
        if (!out.flush()) {
            return make_error("cannot write {}: {}", source.string(), std::strerror(errno));
        }
    }
    ProcessSpec spec;
    spec.argv = cc;
    for (const char* arg : {"-c", source.c_str(), "-o", object.c_str()})
        spec.argv.emplace_back(arg);
    spec.env = m_env;
    spec.cwd = dir->path();
    spdlog::debug("cc probe: {}", display_command(spec.argv));

    const std::string name = display_command(cc);
    CcProbeResult result;
    auto exit = m_runner.run(spec);
    if (!exit) {
        result.message = fmt::format("{} cannot be run: {}", name, exit.error().message);
        return result;
    }
    if (!exit->success()) {
        std::string line = first_error_line(exit->output);
        result.message =
            fmt::format("{} cannot compile a C file for {} ({}){}{}", name, target.str(),
                        exit->describe(), line.empty() ? "" : ": ", line);
        return result;
    }
    auto info = read_binary_header(object);
    if (!info) {
        result.message = fmt::format("{} -c wrote no object file xbuild can read: {}", name,
                                     info.error().message);
        return result;
    }
    result.description = info->description();
    if (auto check = check_object_matches(*info, target); !check) {
        result.message = info->object ? fmt::format("{} does not target {}: it builds {} objects",
                                                    name, target.str(), result.description)
                                      : fmt::format("{} -c wrote {}, not an object file", name,
                                                    result.description);
        return result;
    }
    result.matches = true;
    return result;
}

}  // namespace xbuild
