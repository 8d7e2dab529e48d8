#include <xbuild/toolchain.hpp>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <sstream>
#include <set>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <xbuild/atomic_file.hpp>
#include <xbuild/json_text.hpp>
#include <xbuild/go_list.hpp>
#include <xbuild/sdk_registry.hpp>
#include <xbuild/text.hpp>

namespace xbuild {

namespace fs = std::filesystem;

std::optional<GoVersion> parse_go_version(std::string_view text) {
    GoVersion version;
    if (text.starts_with("devel")) {
        version.devel = true;
        const auto go = text.find("go1");
        if (go == std::string_view::npos) return version;
        text = text.substr(go);
    }
    if (text.starts_with("go")) text.remove_prefix(2);
    int* parts[] = {&version.major, &version.minor, &version.patch};
    for (std::size_t i = 0; i < 3; ++i) {
        const char* begin = text.data();
        const char* end = text.data() + text.size();
        const auto [next, ec] = std::from_chars(begin, end, *parts[i]);
        if (ec != std::errc{}) {
            if (i == 0) return std::nullopt;
            break;
        }
        text.remove_prefix(static_cast<std::size_t>(next - begin));
        // "1.22rc1" and "1.21.0-bigcorp" end the number at a non-digit.
        if (!text.starts_with('.')) break;
        text.remove_prefix(1);
    }
    return version;
}

Result<GoEnv> parse_go_env_json(std::string_view json) {
    const nlohmann::json object = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
    if (object.is_discarded() || !object.is_object()) {
        return make_error("`go env -json` did not print a JSON object");
    }
    auto field = [&](const char* key) -> std::string {
        const auto it = object.find(key);
        return it != object.end() && it->is_string() ? it->get<std::string>() : std::string{};
    };
    GoEnv env{field("GOROOT"), field("GOVERSION"), field("GOHOSTOS"), field("GOHOSTARCH"),
              field("GOCACHE")};
    if (env.goroot.empty() || env.host_os.empty() || env.host_arch.empty()) {
        return make_error("`go env -json` lacks GOROOT, GOHOSTOS or GOHOSTARCH");
    }
    return env;
}

const Platform* Toolchain::find_platform(const Target& target) const {
    const auto it = std::find_if(platforms.begin(), platforms.end(), [&](const Platform& p) {
        return p.os == target.os && p.arch == target.arch;
    });
    return it == platforms.end() ? nullptr : &*it;
}

Environment go_command_environment(const Environment& base) {
    Environment env = base;
    // Since Go 1.21 a go.mod "toolchain" line can make go download another
    // toolchain; xbuild must build with the SDK it resolved, offline.
    env.try_emplace("GOTOOLCHAIN", "local");
    return env;
}

namespace {

std::optional<fs::path> find_in_path(const std::string& name, const Environment& env) {
    if (auto found = find_program(name, env)) return fs::path(*found);
    return std::nullopt;
}

struct GoCandidate {
    fs::path path;
    std::string found_by;
};

Result<GoCandidate> locate_go(const std::optional<std::string>& go_flag, const Environment& env) {
    auto explicit_go = [&](const std::string& value, const std::string& source) -> Result<GoCandidate> {
        fs::path path = value;
        if (value.find('/') == std::string::npos) {
            const auto found = find_in_path(value, env);
            if (!found) return make_error("{} {}: not found in PATH", source, value);
            path = *found;
        }
        std::error_code ec;
        if (!fs::exists(path, ec)) {
            return make_error("{} {}: no such file; pass the path of a go binary", source, value);
        }
        if (!is_executable_file(path.string())) {
            return make_error("{} {}: not an executable file", source, value);
        }
        return GoCandidate{fs::absolute(path, ec), source};
    };
    if (go_flag) return explicit_go(*go_flag, "--go");
    if (const auto xbuild_go = lookup(env, "XBUILD_GO"); xbuild_go && !xbuild_go->empty()) {
        return explicit_go(*xbuild_go, "XBUILD_GO");
    }
    if (const auto goroot = lookup(env, "GOROOT"); goroot && !goroot->empty()) {
        const fs::path go = fs::path(*goroot) / "bin" / "go";
        if (is_executable_file(go.string())) return GoCandidate{go, "GOROOT"};
    }
    if (const auto go = find_in_path("go", env)) {
        std::error_code ec;
        return GoCandidate{fs::absolute(*go, ec), "PATH"};
    }
    return make_error(
        "no Go toolchain found: install golang-go (apt-get install golang-go), put go on PATH, "
        "or pass --go PATH");
}

std::string last_line(const std::string& output) {
    std::string_view text = output;
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
    const auto newline = text.rfind('\n');
    return std::string(newline == std::string_view::npos ? text : text.substr(newline + 1));
}

Result<std::string> run_go(CommandRunner& runner, const fs::path& go,
                           std::vector<std::string> args, const Environment& env,
                           const fs::path& cwd = {}) {
    args.insert(args.begin(), go.string());
    auto exit = runner.run(ProcessSpec{args, env, cwd});
    if (!exit) return exit.error();
    if (!exit->success()) {
        std::string what = last_line(exit->output);
        if (what.empty()) what = exit->describe();
        return Error{what};
    }
    return std::move(exit->output);
}

}  // namespace

namespace {

nlohmann::json platforms_to_json(const std::vector<Platform>& platforms) {
    nlohmann::json list = nlohmann::json::array();
    for (const Platform& p : platforms) {
        list.push_back({{"GOOS", p.os}, {"GOARCH", p.arch}, {"CgoSupported", p.cgo_supported},
                        {"FirstClass", p.first_class}});
    }
    return list;
}

fs::path cache_path(const Store& store, const fs::path& go) {
    return store.toolchains_dir() / (path_key(go.string()) + ".json");
}

// The cached facts about `identity`'s binary, when they are about this very
// file (same path, size and mtime); nullopt otherwise.
std::optional<Toolchain> read_cached_toolchain(const Store& store, const FileIdentity& identity) {
    auto text = read_file(cache_path(store, identity.path));
    if (!text) return std::nullopt;
    const nlohmann::json json = nlohmann::json::parse(*text, nullptr, false);
    if (!json.is_object()) return std::nullopt;
    try {
        const auto& go = json.at("go");
        const FileIdentity cached{go.at("path").get<std::string>(), go.at("size").get<std::uint64_t>(),
                                  go.at("mtime_ns").get<std::int64_t>()};
        if (cached != identity) return std::nullopt;
        auto env = parse_go_env_json(json.at("env").dump());
        auto platforms = parse_dist_list_json(json.at("platforms").dump());
        if (!env || !platforms) return std::nullopt;
        Toolchain toolchain;
        toolchain.go = identity.path;
        toolchain.env = std::move(*env);
        toolchain.platforms = std::move(*platforms);
        toolchain.identity = identity;
        return toolchain;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

void write_cached_toolchain(const Store& store, const Toolchain& toolchain) {
    const nlohmann::json json = {
        {"go",
         {{"path", toolchain.identity.path},
          {"size", toolchain.identity.size},
          {"mtime_ns", toolchain.identity.mtime_ns}}},
        {"env",
         {{"GOROOT", toolchain.env.goroot},
          {"GOVERSION", toolchain.env.version},
          {"GOHOSTOS", toolchain.env.host_os},
          {"GOHOSTARCH", toolchain.env.host_arch},
          {"GOCACHE", toolchain.env.gocache}}},
        {"platforms", platforms_to_json(toolchain.platforms)},
    };
    // A cache: failing to write it only costs the next run a go invocation.
    if (store.ensure_dir(store.toolchains_dir())) {
        (void)write_file_atomic(cache_path(store, toolchain.go), json_text(json, 1) + "\n");
    }
}

}  // namespace

Result<Toolchain> load_toolchain(const fs::path& go_path, std::string found_by, const Environment& env,
                                 CommandRunner& runner, const Store* store) {
    // /usr/bin/go is a link into /usr/lib/go-1.19: one SDK must have one
    // identity however it was reached, or its stamps would not be found.
    std::error_code canonical_error;
    fs::path go = fs::canonical(go_path, canonical_error);
    if (canonical_error) go = go_path;
    auto identity = identify_file(go);
    if (!identity) return identity.error();
    if (store) {
        if (auto cached = read_cached_toolchain(*store, *identity)) {
            cached->found_by = std::move(found_by);
            return std::move(*cached);
        }
    }
    const Environment go_env = go_command_environment(env);
    auto not_go = [&](const std::string& why) {
        return make_error("{} is not a usable Go toolchain (found by {}): {}", go.string(), found_by,
                          why);
    };

    auto env_json = run_go(runner, go, {"env", "-json"}, go_env);
    if (!env_json) return not_go(env_json.error().message);
    auto goenv = parse_go_env_json(*env_json);
    if (!goenv) return not_go(goenv.error().message);
    std::error_code ec;
    if (!fs::is_directory(fs::path(goenv->goroot) / "src" / "runtime", ec)) {
        return not_go(fmt::format("GOROOT {} has no src/runtime (broken installation?)", goenv->goroot));
    }

    auto dist_json = run_go(runner, go, {"tool", "dist", "list", "-json"}, go_env);
    if (!dist_json) return not_go("`go tool dist list -json` failed: " + dist_json.error().message);
    auto platforms = parse_dist_list_json(*dist_json);
    if (!platforms) return not_go(platforms.error().message);
    if (platforms->empty()) return not_go("`go tool dist list -json` listed no targets");

    Toolchain toolchain{go, std::move(*goenv), std::move(*platforms), std::move(found_by),
                        std::move(*identity)};
    if (store) write_cached_toolchain(*store, toolchain);
    return toolchain;
}

bool looks_like_go_version(std::string_view text) {
    if (text.starts_with("go")) text.remove_prefix(2);
    return !text.empty() && std::isdigit(static_cast<unsigned char>(text.front())) &&
           text.find('/') == std::string_view::npos &&
           std::all_of(text.begin(), text.end(), [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) || c == '.';
           });
}

bool version_matches(std::string_view wanted, std::string_view version) {
    if (!wanted.starts_with("go")) version.remove_prefix(version.starts_with("go") ? 2 : 0);
    // "1.19" selects any 1.19.x; "1.19.8" only that release.
    return version == wanted || (version.starts_with(wanted) && version.size() > wanted.size() &&
                                 version[wanted.size()] == '.');
}

namespace {

// Every SDK xbuild can find without --go, in resolution order, deduplicated.
std::vector<GoCandidate> discover_candidates(const Environment& env, const Store* store) {
    std::vector<GoCandidate> candidates;
    auto add = [&](fs::path path, const char* found_by) {
        std::error_code ec;
        path = fs::weakly_canonical(path, ec);
        for (const auto& existing : candidates) {
            if (existing.path == path) return;
        }
        candidates.push_back(GoCandidate{std::move(path), found_by});
    };
    if (const auto xbuild_go = lookup(env, "XBUILD_GO"); xbuild_go && !xbuild_go->empty()) {
        if (is_executable_file(*xbuild_go)) add(*xbuild_go, "XBUILD_GO");
    }
    if (const auto goroot = lookup(env, "GOROOT"); goroot && !goroot->empty()) {
        const fs::path go = fs::path(*goroot) / "bin" / "go";
        if (is_executable_file(go.string())) add(go, "GOROOT");
    }
    if (const auto go = find_in_path("go", env)) add(*go, "PATH");
    if (store) {
        for (const BuiltSdk& sdk : list_built_sdks(*store)) add(sdk.go(), "store");
    }
    return candidates;
}

}  // namespace

std::vector<Toolchain> discover_toolchains(const Environment& env, CommandRunner& runner,
                                           const Store* store) {
    std::vector<Toolchain> toolchains;
    for (GoCandidate& candidate : discover_candidates(env, store)) {
        if (auto toolchain = load_toolchain(candidate.path, candidate.found_by, env, runner, store)) {
            toolchains.push_back(std::move(*toolchain));
        }
    }
    return toolchains;
}

Result<Toolchain> resolve_toolchain(const std::optional<std::string>& go_flag,
                                    const Environment& env, CommandRunner& runner,
                                    const Store* store) {
    if (go_flag && store) {
        // A name from `xbuild toolchain list` selects that built SDK.
        for (const BuiltSdk& sdk : list_built_sdks(*store)) {
            if (sdk.name == *go_flag) return load_toolchain(sdk.go(), "--go " + sdk.name, env, runner, store);
        }
    }
    if (go_flag && looks_like_go_version(*go_flag)) {
        std::vector<std::string> seen;
        std::optional<Toolchain> best;
        for (Toolchain& toolchain : discover_toolchains(env, runner, store)) {
            seen.push_back(toolchain.env.version);
            if (!version_matches(*go_flag, toolchain.env.version)) continue;
            const auto version = parse_go_version(toolchain.env.version);
            const auto best_version = best ? parse_go_version(best->env.version) : std::nullopt;
            if (!best || (version && best_version && *version > *best_version)) best = std::move(toolchain);
        }
        if (!best) {
            return make_error("--go {}: no SDK with that version (found: {}); build one with 'xbuild "
                              "toolchain build --src DIR' or pass the path of a go binary",
                              *go_flag, seen.empty() ? std::string("none") : fmt::format("{}", fmt::join(seen, ", ")));
        }
        best->found_by = "--go " + *go_flag;
        return std::move(*best);
    }
    auto candidate = locate_go(go_flag, env);
    if (!candidate && store && !go_flag) {
        // Last in the order: an SDK that xbuild built itself.
        const auto sdks = list_built_sdks(*store);
        if (!sdks.empty()) candidate = GoCandidate{sdks.back().go(), "store"};
    }
    if (!candidate) return candidate.error();
    return load_toolchain(candidate->path, candidate->found_by, env, runner, store);
}

Result<void> validate_variants(const std::vector<Target>& targets, const Toolchain& toolchain,
                               const Environment& env, CommandRunner& runner) {
    std::set<std::pair<std::string, std::string>> checked;  // (arch, variant)
    for (const Target& target : targets) {
        if (target.variant.empty() || !checked.emplace(target.arch, target.variant).second) continue;
        auto setting = variant_setting(target);
        if (!setting) return setting.error();
        const VariantSetting& variant = **setting;
        Environment query_env = go_command_environment(env);
        query_env["GOOS"] = target.os;
        query_env["GOARCH"] = target.arch;
        query_env[variant.variable] = variant.value;
        auto output = run_go(runner, toolchain.go, {"env", "-json", variant.variable}, query_env);
        if (!output) {
            // go names the accepted values: "go: invalid GOAMD64: must be v1, v2, v3, v4".
            std::string why = output.error().message;
            if (why.starts_with("go: ")) why.erase(0, 4);
            return make_error("unknown variant in target \"{}\": {} ({})", target.str(), why,
                              toolchain.env.version);
        }
        const nlohmann::json object = nlohmann::json::parse(*output, nullptr, false);
        const bool known = object.is_object() && object.contains(variant.variable) &&
                           object[variant.variable] == variant.value;
        if (!known) {
            return make_error(
                "unknown variant in target \"{}\": {} does not support {} (a newer Go may)",
                target.str(), toolchain.env.version, variant.variable);
        }
    }
    return {};
}

Result<std::vector<MainPackage>> list_main_packages(const Toolchain& toolchain,
                                                    const std::vector<std::string>& patterns,
                                                    const fs::path& cwd, const Environment& env,
                                                    CommandRunner& runner) {
    std::vector<std::string> args = {"list", "-e", "-json=ImportPath,Name,Dir,Error"};
    // go 1.19 accepts -json=fields; older releases are out of scope (1.19+).
    args.insert(args.end(), patterns.begin(), patterns.end());
    auto output = run_go(runner, toolchain.go, args, go_command_environment(env), cwd);
    if (!output) return make_error("go list {}: {}", fmt::join(patterns, " "), output.error().message);
    auto packages = parse_go_list_json(*output);
    if (!packages) return packages.error();

    std::vector<MainPackage> mains;
    for (const GoPackage& package : *packages) {
        if (package.name.empty() && !package.error.empty()) {
            return make_error("package {}: {}", package.import_path, package.error);
        }
        if (package.name == "main") mains.push_back(MainPackage{package.import_path, package.dir});
    }
    if (mains.empty()) {
        return make_error("no main package in {}: xbuild builds commands (package main)",
                          fmt::join(patterns, " "));
    }
    return mains;
}

}  // namespace xbuild

namespace xbuild {

std::optional<std::pair<std::filesystem::path, std::string>> find_go_mod_directive(
    const std::filesystem::path& cwd) {
    std::error_code ec;
    for (fs::path dir = cwd; !dir.empty(); dir = dir.parent_path()) {
        const fs::path go_mod = dir / "go.mod";
        if (fs::is_regular_file(go_mod, ec)) {
            std::ifstream in(go_mod);
            std::string line;
            while (std::getline(in, line)) {
                std::string_view text = line;
                while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
                if (!text.starts_with("go ") && !text.starts_with("go\t")) continue;
                text.remove_prefix(3);
                while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
                const auto end = text.find_first_of(" \t/\r");
                return std::make_pair(go_mod, std::string(text.substr(0, end)));
            }
            return std::make_pair(go_mod, std::string());
        }
        if (dir == dir.parent_path()) break;
    }
    return std::nullopt;
}

Result<void> check_module_go_version(const std::filesystem::path& cwd, const Toolchain& toolchain) {
    const auto directive = find_go_mod_directive(cwd);
    if (!directive || directive->second.empty()) return {};
    const auto wanted = parse_go_version(directive->second);
    const auto have = parse_go_version(toolchain.env.version);
    if (!wanted || !have || have->devel) return {};
    if (std::tie(wanted->major, wanted->minor, wanted->patch) >
        std::tie(have->major, have->minor, have->patch)) {
        return make_error("{} requires go {} but the selected SDK is {} ({}, found by {}); pass --go "
                          "with a newer SDK",
                          directive->first.string(), directive->second, toolchain.env.version,
                          toolchain.go.string(), toolchain.found_by);
    }
    return {};
}

}  // namespace xbuild
