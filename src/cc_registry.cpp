#include <xbuild/cc_registry.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <xbuild/atomic_file.hpp>

namespace xbuild {

namespace fs = std::filesystem;

namespace {

constexpr int k_schema_version = 1;

// Turns a byte offset into "line:column", both 1-based, columns in bytes.
std::string line_column(std::string_view text, std::size_t offset) {
    std::string_view before = text.substr(0, std::min(offset, text.size()));
    std::size_t line = 1 + std::count(before.begin(), before.end(), '\n');
    std::size_t newline = before.rfind('\n');
    std::size_t column =
        newline == std::string_view::npos ? before.size() + 1 : before.size() - newline;
    return fmt::format("{}:{}", line, column);
}

// nlohmann's what() is "[json.exception.parse_error.101] parse error at line
// 3, column 1: syntax error while parsing ..."; keep the part after the place.
std::string parse_error_detail(const char* what) {
    std::string_view text(what);
    std::size_t column = text.find("column ");
    std::size_t colon = text.find(": ", column == std::string_view::npos ? 0 : column);
    if (colon != std::string_view::npos) return std::string(text.substr(colon + 2));
    std::size_t bracket = text.find("] ");
    return std::string(bracket == std::string_view::npos ? text : text.substr(bracket + 2));
}

bool is_comment_key(const std::string& key) {
    return !key.empty() && key.front() == '_';
}

Result<std::vector<std::string>> string_array(const nlohmann::json& value, bool allow_empty) {
    if (!value.is_array() || (!allow_empty && value.empty())) return Error{};
    std::vector<std::string> items;
    for (const nlohmann::json& item : value) {
        if (!item.is_string() || item.get_ref<const std::string&>().empty()) return Error{};
        items.push_back(item.get<std::string>());
    }
    return items;
}

Result<CcCandidate> parse_candidate(const nlohmann::json& json, const Target& pair,
                                    const std::string& where) {
    if (!json.is_object()) return make_error("{}: expected an object", where);
    CcCandidate candidate;
    for (const auto& [key, value] : json.items()) {
        if (is_comment_key(key)) continue;
        if (key == "cc" || key == "cxx" || key == "variants") {
            auto items = string_array(value, /*allow_empty=*/false);
            if (!items) {
                return make_error("{}: \"{}\" must be a non-empty array of non-empty strings",
                                  where, key);
            }
            (key == "cc"    ? candidate.cc
             : key == "cxx" ? candidate.cxx
                            : candidate.variants) = std::move(*items);
            continue;
        }
        std::string* field = key == "debian"       ? &candidate.debian
                             : key == "debian_cxx" ? &candidate.debian_cxx
                             : key == "install"    ? &candidate.install
                             : key == "note"       ? &candidate.note
                                                   : nullptr;
        if (field == nullptr) {
            return make_error(
                "{}: unknown key \"{}\" (expected cc, cxx, variants, debian, debian_cxx, "
                "install or note; prefix comments with \"_\")",
                where, key);
        }
        if (!value.is_string() || value.get_ref<const std::string&>().empty()) {
            return make_error("{}: \"{}\" must be a non-empty string", where, key);
        }
        *field = value.get<std::string>();
    }
    if (candidate.cc.empty()) return make_error("{}: missing \"cc\"", where);
    for (const std::string& variant : candidate.variants) {
        Target with_variant{pair.os, pair.arch, variant};
        if (auto setting = variant_setting(with_variant); !setting) {
            return make_error("{}: {}", where, setting.error().message);
        }
    }
    return candidate;
}

bool same_pair(const Target& a, const Target& b) {
    return a.os == b.os && a.arch == b.arch;
}

const char* language_flag(CcLanguage language) {
    return language == CcLanguage::c ? "--cc" : "--cxx";
}

// An explicitly configured command, with the label that names its source in
// messages ("--cc linux/arm64", "CC_FOR_linux_arm64", "CC").
struct ExplicitCommand {
    std::vector<std::string> argv;
    std::string origin;
    std::string label;
};

Result<std::optional<ExplicitCommand>> command_from_env(const Environment& env,
                                                        const std::string& name) {
    auto value = lookup(env, name);
    // An empty value reads as "unset", as `CC= xbuild` is commonly meant.
    if (!value || value->find_first_not_of(" \t\n") == std::string::npos) {
        return std::optional<ExplicitCommand>();
    }
    auto argv = split_command(*value);
    if (!argv) return make_error("{}: {}", name, argv.error().message);
    return std::optional<ExplicitCommand>(ExplicitCommand{std::move(*argv), name, name});
}

// The explicit command for `target` in one language: an override (exact
// variant over variant-less, later over earlier), then <LANG>_FOR_<os>_<arch>,
// then, for the host's os/arch, CC or CXX.
Result<std::optional<ExplicitCommand>> find_explicit(const CcSettings& settings,
                                                     const Target& target, CcLanguage language) {
    const CcOverride* best = nullptr;
    for (const CcOverride& entry : settings.overrides) {
        if (entry.language != language || !same_pair(entry.target, target)) continue;
        if (!entry.target.variant.empty() && entry.target.variant != target.variant) continue;
        if (best == nullptr || !entry.target.variant.empty() || best->target.variant.empty()) {
            best = &entry;
        }
    }
    if (best != nullptr) {
        std::string origin = best->origin.empty() ? language_flag(language) : best->origin;
        return std::optional<ExplicitCommand>(
            ExplicitCommand{best->command, origin, origin + " " + best->target.str()});
    }
    const char* prefix = language == CcLanguage::c ? "CC" : "CXX";
    auto from_env =
        command_from_env(settings.env, fmt::format("{}_FOR_{}_{}", prefix, target.os, target.arch));
    if (!from_env || *from_env) return from_env;
    if (same_pair(target, settings.host)) return command_from_env(settings.env, prefix);
    return std::optional<ExplicitCommand>();
}

struct Selector {
    const CcSettings& settings;
    const Target& target;
    CcProber& prober;
    CcSelection selection;

    // Probes one C compiler and records it. Returns the probe result, or
    // nullopt when argv[0] is not on PATH.
    Result<std::optional<CcProbeResult>> try_cc(const CcCandidate& candidate,
                                                const std::string& origin) {
        CcCandidateResult tried;
        tried.candidate = candidate;
        tried.origin = origin;
        auto resolved = find_program(candidate.cc.front(), settings.env);
        if (!resolved) {
            spdlog::debug("cc for {}: {} ({}) not on PATH", target.str(),
                          display_command(candidate.cc), origin);
            selection.tried.push_back(std::move(tried));
            return std::optional<CcProbeResult>();
        }
        tried.found_on_path = true;
        tried.resolved_path = *resolved;
        auto probe = prober.probe(candidate.cc, *resolved, target);
        if (!probe) return probe.error();
        spdlog::debug("cc for {}: {} ({}): {}", target.str(), display_command(candidate.cc), origin,
                      probe->matches ? "matches" : probe->message);
        tried.probe = *probe;
        selection.tried.push_back(std::move(tried));
        return std::optional<CcProbeResult>(*probe);
    }

    void choose(const CcCandidate& candidate, const std::string& origin,
                const CcProbeResult& probe) {
        CcChoice choice;
        choice.cc = candidate.cc;
        choice.origin = origin;
        choice.resolved_path = selection.tried.back().resolved_path;
        choice.probe = probe;
        if (!candidate.cxx.empty() && find_program(candidate.cxx.front(), settings.env)) {
            choice.cxx = candidate.cxx;
            choice.cxx_origin = origin;
        }
        selection.choice = std::move(choice);
    }
};

std::string join_alternatives(const std::vector<std::string>& items) {
    std::string text;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) text += i + 1 == items.size() ? " or " : ", ";
        text += items[i];
    }
    return text;
}

}  // namespace

std::vector<CcCandidate> CcRegistry::candidates_for(const Target& target) const {
    std::vector<CcCandidate> offered;
    auto it = targets.find(target.os + "/" + target.arch);
    if (it == targets.end()) return offered;
    for (const CcCandidate& candidate : it->second) {
        bool restricted = !target.variant.empty() && !candidate.variants.empty();
        if (restricted && std::find(candidate.variants.begin(), candidate.variants.end(),
                                    target.variant) == candidate.variants.end()) {
            continue;
        }
        offered.push_back(candidate);
    }
    return offered;
}

Result<CcRegistry> parse_cc_registry(std::string_view json_text, const std::string& origin) {
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(json_text);
    } catch (const nlohmann::json::parse_error& error) {
        // `byte` counts the characters read, the offending one included.
        std::size_t offset = error.byte == 0 ? 0 : error.byte - 1;
        return make_error("{}:{}: {}", origin, line_column(json_text, offset),
                          parse_error_detail(error.what()));
    } catch (const nlohmann::json::exception& error) {
        // A number too large for a double (out_of_range.406) is not a
        // parse_error and carries no position.
        return make_error("{}: {}", origin, parse_error_detail(error.what()));
    }
    if (!json.is_object()) return make_error("{}: expected a JSON object at the top", origin);
    CcRegistry registry;
    bool has_targets = false;
    for (const auto& [key, value] : json.items()) {
        if (is_comment_key(key)) continue;
        if (key == "schema_version") {
            if (!value.is_number_integer() || value.get<long long>() != k_schema_version) {
                return make_error("{}: unsupported schema_version {} (this xbuild reads {})",
                                  origin, value.dump(), k_schema_version);
            }
            registry.schema_version = k_schema_version;
        } else if (key == "targets") {
            if (!value.is_object()) return make_error("{}: \"targets\" must be an object", origin);
            has_targets = true;
        } else {
            return make_error("{}: unknown key \"{}\" (expected schema_version and targets)",
                              origin, key);
        }
    }
    if (!json.contains("schema_version")) {
        return make_error("{}: missing \"schema_version\" (this xbuild reads {})", origin,
                          k_schema_version);
    }
    if (!has_targets) return make_error("{}: missing \"targets\"", origin);
    for (const auto& [key, value] : json["targets"].items()) {
        if (is_comment_key(key)) continue;
        auto pair = parse_target(key);
        if (!pair || !pair->variant.empty()) {
            return make_error(
                "{}: target key \"{}\" must be os/arch (restrict variants with \"variants\")",
                origin, key);
        }
        if (!value.is_array()) {
            return make_error("{}: \"{}\" must be an array of candidates", origin, key);
        }
        std::vector<CcCandidate>& candidates = registry.targets[key];
        for (std::size_t i = 0; i < value.size(); ++i) {
            std::string where = fmt::format("{}: \"{}\" candidate {}", origin, key, i + 1);
            auto candidate = parse_candidate(value[i], *pair, where);
            if (!candidate) return candidate.error();
            candidates.push_back(std::move(*candidate));
        }
    }
    return registry;
}

Result<CcRegistry> load_cc_registry(const fs::path& file) {
    auto text = read_file(file);
    if (!text) return text.error();
    return parse_cc_registry(*text, file.string());
}

std::vector<fs::path> cc_registry_search_paths(const fs::path& self_exe) {
    fs::path installed =
        (self_exe.parent_path() / ".." / "share" / "xbuild" / "toolchains" / "cc.json")
            .lexically_normal();
    return {installed, fs::path(XBUILD_SOURCE_DIR) / "toolchains" / "cc.json"};
}

Result<CcRegistry> locate_cc_registry(const fs::path& self_exe) {
    std::vector<fs::path> paths = cc_registry_search_paths(self_exe);
    std::string looked;
    for (const fs::path& path : paths) {
        std::error_code ec;
        if (fs::exists(path, ec)) return load_cc_registry(path);
        looked += (looked.empty() ? "" : ", ") + path.string();
    }
    return make_error(
        "cannot find xbuild's C compiler table toolchains/cc.json (looked at {}); "
        "reinstall xbuild",
        looked);
}

Result<std::vector<std::string>> split_command(std::string_view command) {
    std::vector<std::string> words;
    std::string word;
    bool in_word = false;
    auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    for (std::size_t i = 0; i < command.size(); ++i) {
        char c = command[i];
        if (is_space(c)) {
            if (in_word) words.push_back(std::move(word));
            word.clear();
            in_word = false;
            continue;
        }
        in_word = true;
        if (c == '\\') {
            if (i + 1 == command.size()) {
                return make_error("command \"{}\" ends with a lone backslash", command);
            }
            word += command[++i];
        } else if (c == '\'') {
            std::size_t close = command.find('\'', i + 1);
            if (close == std::string_view::npos) {
                return make_error("unbalanced ' quote at column {} of \"{}\"", i + 1, command);
            }
            word += command.substr(i + 1, close - i - 1);
            i = close;
        } else if (c == '"') {
            std::size_t j = i + 1;
            for (; j < command.size() && command[j] != '"'; ++j) {
                bool escape =
                    command[j] == '\\' && j + 1 < command.size() &&
                    std::string_view("\"\\$`").find(command[j + 1]) != std::string_view::npos;
                if (escape) ++j;
                word += command[j];
            }
            if (j == command.size()) {
                return make_error("unbalanced \" quote at column {} of \"{}\"", i + 1, command);
            }
            i = j;
        } else {
            word += c;
        }
    }
    if (in_word) words.push_back(std::move(word));
    if (words.empty()) return make_error("empty command");
    return words;
}

Result<CcOverride> parse_cc_spec(std::string_view spec, CcLanguage language) {
    const char* flag = language_flag(language);
    std::size_t equals = spec.find('=');
    if (equals == std::string_view::npos) {
        return make_error(
            "{} \"{}\": expected TARGET=CMD, e.g. {} linux/arm64={}", flag, spec, flag,
            language == CcLanguage::c ? "aarch64-linux-gnu-gcc" : "aarch64-linux-gnu-g++");
    }
    std::string_view target_text = spec.substr(0, equals);
    auto target = parse_target(target_text);
    if (!target) return make_error("{} \"{}\": {}", flag, spec, target.error().message);
    auto command = split_command(spec.substr(equals + 1));
    if (!command) return make_error("{} {}: {}", flag, target_text, command.error().message);
    return CcOverride{language, std::move(*target), std::move(*command), flag};
}

Result<CcSelection> select_cc(const CcRegistry& registry, const CcSettings& settings,
                              const Target& target, CcProber& prober) {
    Selector selector{settings, target, prober, {}};
    auto explicit_cxx = find_explicit(settings, target, CcLanguage::cxx);
    if (!explicit_cxx) return explicit_cxx.error();
    if (*explicit_cxx && !find_program((*explicit_cxx)->argv.front(), settings.env)) {
        return make_error("{}: {} not found on PATH; install it or give its full path",
                          (*explicit_cxx)->label, (*explicit_cxx)->argv.front());
    }
    auto explicit_cc = find_explicit(settings, target, CcLanguage::c);
    if (!explicit_cc) return explicit_cc.error();

    auto finish = [&]() -> Result<CcSelection> {
        if (selector.selection.choice && *explicit_cxx) {
            selector.selection.choice->cxx = (*explicit_cxx)->argv;
            selector.selection.choice->cxx_origin = (*explicit_cxx)->origin;
        }
        return std::move(selector.selection);
    };

    if (*explicit_cc) {
        const ExplicitCommand& command = **explicit_cc;
        CcCandidate candidate;
        candidate.cc = command.argv;
        auto probe = selector.try_cc(candidate, command.origin);
        if (!probe) return probe.error();
        if (!*probe) {
            return make_error("{}: {} not found on PATH; install it or give its full path",
                              command.label, command.argv.front());
        }
        if (!(*probe)->matches) return make_error("{}: {}", command.label, (*probe)->message);
        selector.choose(candidate, command.origin, **probe);
        return finish();
    }

    std::vector<std::pair<CcCandidate, std::string>> candidates;
    if (same_pair(target, settings.host)) {
        static constexpr std::array<std::pair<const char*, const char*>, 3> k_system{
            {{"cc", "c++"}, {"gcc", "g++"}, {"clang", "clang++"}}};
        for (const auto& [cc, cxx] : k_system) {
            CcCandidate candidate;
            candidate.cc = {cc};
            candidate.cxx = {cxx};
            candidates.emplace_back(std::move(candidate), "system");
        }
    }
    for (CcCandidate& candidate : registry.candidates_for(target)) {
        candidates.emplace_back(std::move(candidate), "discovered");
    }
    for (const auto& [candidate, origin] : candidates) {
        auto probe = selector.try_cc(candidate, origin);
        if (!probe) return probe.error();
        if (*probe && (*probe)->matches) {
            selector.choose(candidate, origin, **probe);
            return finish();
        }
    }
    return finish();
}

std::string describe_tried(const std::vector<CcCandidateResult>& tried) {
    std::string text;
    for (const CcCandidateResult& result : tried) {
        if (!text.empty()) text += "; ";
        std::string name = display_command(result.candidate.cc);
        if (!result.found_on_path) {
            text += name + ": not on PATH";
        } else if (!result.probe) {
            text += name + ": not probed";
        } else if (result.probe->matches) {
            text += name + ": matches";
        } else {
            text += result.probe->message;
        }
    }
    return text;
}

std::string install_hint(const CcRegistry& registry, const Target& target) {
    const std::string name = target.str();
    std::vector<CcCandidate> candidates = registry.candidates_for(target);
    for (const CcCandidate& candidate : candidates) {
        if (!candidate.debian.empty()) {
            return fmt::format("install {} (apt-get install {})", candidate.debian,
                               candidate.debian);
        }
    }
    if (candidates.empty()) {
        return fmt::format("xbuild knows no C compiler for {}; pass --cc {}=CMD", name, name);
    }
    std::vector<std::string> alternatives;
    for (const CcCandidate& candidate : candidates) {
        if (candidate.install.empty()) continue;
        std::string text = candidate.install == candidate.cc.front()
                               ? candidate.install
                               : fmt::format("{} ({})", candidate.install, candidate.cc.front());
        if (std::find(alternatives.begin(), alternatives.end(), text) == alternatives.end()) {
            alternatives.push_back(std::move(text));
        }
    }
    if (alternatives.empty()) {
        return fmt::format("no Debian package provides a C compiler for {}; pass --cc {}=CMD", name,
                           name);
    }
    return fmt::format(
        "no Debian package provides a C compiler for {}; install {}, or pass --cc "
        "{}=CMD",
        name, join_alternatives(alternatives), name);
}

}  // namespace xbuild
