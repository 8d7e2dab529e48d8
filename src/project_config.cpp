#include <xbuild/project_config.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <xbuild/cc_registry.hpp>
#include <xbuild/json_positions.hpp>
#include <xbuild/output_template.hpp>
#include <xbuild/plan.hpp>
#include <xbuild/text.hpp>

namespace xbuild {

namespace fs = std::filesystem;

namespace {

// Text order, so that the first error reported is the first in the file.
using Json = nlohmann::ordered_json;

const std::vector<std::string> k_setting_keys = {"output", "ldflags", "gcflags", "tags", "trimpath",
                                                 "cgo",    "cc",      "cxx",     "env"};

std::vector<std::string> top_level_keys() {
    std::vector<std::string> keys = {"targets", "jobs", "overrides"};
    keys.insert(keys.end(), k_setting_keys.begin(), k_setting_keys.end());
    return keys;
}

std::vector<std::string> override_keys() {
    std::vector<std::string> keys = {"targets"};
    keys.insert(keys.end(), k_setting_keys.begin(), k_setting_keys.end());
    return keys;
}

std::string kind_of(const Json& value) {
    switch (value.type()) {
        case Json::value_t::null:
            return "null";
        case Json::value_t::boolean:
            return "a boolean";
        case Json::value_t::string:
            return "a string";
        case Json::value_t::array:
            return "an array";
        case Json::value_t::object:
            return "an object";
        case Json::value_t::number_integer:
        case Json::value_t::number_unsigned:
        case Json::value_t::number_float:
            return "a number";
        default:
            return "a binary value";
    }
}

// The variables xbuild sets per target itself; "env" setting them would
// either be overwritten or contradict "targets" and "cgo".
bool reserved_variable(const std::string& name) {
    return name == "GOOS" || name == "GOARCH" || name == "CGO_ENABLED";
}

// nlohmann's what() is "[json.exception.parse_error.101] parse error at line
// 3, column 1: syntax error while parsing ..."; keep the part after the place.
std::string parse_error_detail(const char* what) {
    std::string_view text(what);
    const std::size_t column = text.find("column ");
    const std::size_t colon = text.find(": ", column == std::string_view::npos ? 0 : column);
    if (colon != std::string_view::npos) return std::string(text.substr(colon + 2));
    const std::size_t bracket = text.find("] ");
    return std::string(bracket == std::string_view::npos ? text : text.substr(bracket + 2));
}

class Reader {
public:
    Reader(std::string name, JsonPositions positions)
        : m_name(std::move(name)), m_positions(std::move(positions)) {}

    std::string source(const std::string& pointer) const {
        return fmt::format("{}:{}", m_name, m_positions.value_at(pointer).str());
    }

    // Messages quote what the file says (a command, a key); printable()
    // keeps them one line whatever bytes that holds.
    Error at(const std::string& pointer, const std::string& message) const {
        return make_error("{}: {}", source(pointer), printable(message));
    }

    Error at_key(const std::string& pointer, const std::string& message) const {
        return make_error("{}:{}: {}", m_name, m_positions.key_at(pointer).str(),
                          printable(message));
    }

    Result<void> duplicates() const {
        if (m_positions.duplicate_keys.empty()) return {};
        const auto& [pointer, position] = m_positions.duplicate_keys.front();
        const std::string key = pointer.substr(pointer.rfind('/') + 1);
        return make_error("{}:{}: key \"{}\" appears twice in one object; keep one", m_name,
                          position.str(), printable(key));
    }

    Result<ConfigLayer> top(const Json& document, ProjectConfig& config) const {
        ConfigLayer layer;
        for (const auto& [key, value] : document.items()) {
            const std::string pointer = "/" + json_pointer_token(key);
            if (key == "targets") {
                auto targets = patterns(value, pointer, key);
                if (!targets) return targets.error();
                TargetSelection selection;
                for (auto& item : *targets) {
                    selection.specs.push_back(std::move(item.value));
                    config.target_sources.push_back(std::move(item.source));
                }
                layer.targets = Sourced<TargetSelection>{std::move(selection), source(pointer)};
            } else if (key == "jobs") {
                if (!value.is_number_integer() || value.get<std::int64_t>() <= 0) {
                    return at(pointer,
                              fmt::format("\"jobs\" must be a positive integer, not {}",
                                          value.is_number() ? value.dump() : kind_of(value)));
                }
                layer.jobs = Sourced<std::size_t>{value.get<std::size_t>(), source(pointer)};
            } else if (key == "overrides") {
                if (auto read = overrides(value, pointer, config); !read) return read.error();
            } else {
                auto known = setting(key, value, pointer, layer.settings);
                if (!known) return known.error();
                if (!*known) return unknown_key(key, pointer, top_level_keys());
            }
        }
        return layer;
    }

private:
    Error unknown_key(const std::string& key, const std::string& pointer,
                      const std::vector<std::string>& allowed) const {
        if (const auto guess = closest_match(key, allowed)) {
            return at_key(pointer, fmt::format("unknown key \"{}\" (did you mean \"{}\"?)",
                                               printable(key), *guess));
        }
        return at_key(pointer, fmt::format("unknown key \"{}\"; the keys are {}", printable(key),
                                           fmt::join(allowed, ", ")));
    }

    Result<std::vector<Sourced<std::string>>> patterns(const Json& value,
                                                       const std::string& pointer,
                                                       const std::string& key) const {
        if (!value.is_array() || value.empty()) {
            return at(pointer,
                      fmt::format("\"{}\" must be a non-empty array of target patterns such as "
                                  "[\"linux/amd64\", \"windows/*\"], not {}",
                                  key, value.is_array() ? "an empty one" : kind_of(value)));
        }
        std::vector<Sourced<std::string>> items;
        for (std::size_t i = 0; i < value.size(); ++i) {
            const std::string item_pointer = fmt::format("{}/{}", pointer, i);
            if (!value[i].is_string() || value[i].get_ref<const std::string&>().empty()) {
                return at(item_pointer,
                          fmt::format("\"{}\" items must be non-empty strings, not {}", key,
                                      value[i].is_string() ? "an empty one" : kind_of(value[i])));
            }
            items.push_back({value[i].get<std::string>(), source(item_pointer)});
        }
        return items;
    }

    Result<Sourced<std::string>> string(const Json& value, const std::string& pointer,
                                        const std::string& key) const {
        if (!value.is_string()) {
            return at(pointer, fmt::format("\"{}\" must be a string, not {}", key, kind_of(value)));
        }
        return Sourced<std::string>{value.get<std::string>(), source(pointer)};
    }

    // Target -> command maps: "cc" and "cxx".
    Result<std::map<std::string, Sourced<std::string>>> commands(const Json& value,
                                                                 const std::string& pointer,
                                                                 const std::string& key) const {
        if (!value.is_object()) {
            return at(pointer, fmt::format("\"{}\" must be an object of target to command, such as "
                                           "{{\"linux/arm64\": \"aarch64-linux-gnu-gcc\"}}, not {}",
                                           key, kind_of(value)));
        }
        std::map<std::string, Sourced<std::string>> entries;
        for (const auto& [target_text, command] : value.items()) {
            const std::string entry_pointer = pointer + "/" + json_pointer_token(target_text);
            auto target = parse_target(target_text);
            if (!target)
                return at_key(entry_pointer,
                              fmt::format("\"{}\": {}", key, target.error().message));
            if (!command.is_string()) {
                return at(entry_pointer,
                          fmt::format("\"{}\" for {} must be a command string, not {}", key,
                                      target->str(), kind_of(command)));
            }
            if (auto split = split_command(command.get_ref<const std::string&>()); !split) {
                return at(entry_pointer, fmt::format("\"{}\" for {}: {}", key, target->str(),
                                                     split.error().message));
            }
            entries[target->str()] = {command.get<std::string>(), source(entry_pointer)};
        }
        return entries;
    }

    Result<std::map<std::string, Sourced<std::string>>> environment(
        const Json& value, const std::string& pointer) const {
        if (!value.is_object()) {
            return at(pointer, fmt::format("\"env\" must be an object of variable to value, not {}",
                                           kind_of(value)));
        }
        std::map<std::string, Sourced<std::string>> entries;
        for (const auto& [name, item] : value.items()) {
            const std::string entry_pointer = pointer + "/" + json_pointer_token(name);
            if (name.empty() || name.find('=') != std::string::npos ||
                name.find('\0') != std::string::npos) {
                return at_key(entry_pointer, fmt::format("\"env\": \"{}\" is not a variable name",
                                                         printable(name)));
            }
            if (reserved_variable(name)) {
                return at_key(
                    entry_pointer,
                    fmt::format("\"env\" cannot set {}; xbuild sets it per target (use \"targets\" "
                                "and \"cgo\")",
                                name));
            }
            if (!item.is_string()) {
                return at(entry_pointer, fmt::format("\"env\" value of {} must be a string, not {}",
                                                     printable(name), kind_of(item)));
            }
            if (item.get_ref<const std::string&>().find('\0') != std::string::npos) {
                return at(entry_pointer,
                          fmt::format("\"env\" value of {} holds a NUL byte", printable(name)));
            }
            entries[name] = {item.get<std::string>(), source(entry_pointer)};
        }
        return entries;
    }

    // Reads a per-target key; false when `key` is not one.
    Result<bool> setting(const std::string& key, const Json& value, const std::string& pointer,
                         SettingsLayer& layer) const {
        if (key == "output" || key == "ldflags" || key == "gcflags") {
            auto text = string(value, pointer, key);
            if (!text) return text.error();
            if (key == "output" && text->value.empty()) {
                return at(pointer, "\"output\" must not be empty; leave it out for the default");
            }
            // A bad template fails here, at its place, not after go was asked.
            if (key != "gcflags") {
                if (auto valid = validate_output_template(text->value, template_field_names());
                    !valid) {
                    return at(pointer, fmt::format("\"{}\": {}", key, valid.error().message));
                }
            }
            auto& field = key == "output"    ? layer.output
                          : key == "ldflags" ? layer.ldflags
                                             : layer.gcflags;
            field = std::move(*text);
        } else if (key == "tags") {
            if (value.is_string()) {
                layer.tags = Sourced<std::string>{value.get<std::string>(), source(pointer)};
                return true;
            }
            if (!value.is_array()) {
                return at(pointer,
                          fmt::format("\"tags\" must be a string or an array of strings, not {}",
                                      kind_of(value)));
            }
            std::vector<std::string> tags;
            for (std::size_t i = 0; i < value.size(); ++i) {
                if (!value[i].is_string()) {
                    return at(
                        fmt::format("{}/{}", pointer, i),
                        fmt::format("\"tags\" items must be strings, not {}", kind_of(value[i])));
                }
                tags.push_back(value[i].get<std::string>());
            }
            layer.tags =
                Sourced<std::string>{fmt::format("{}", fmt::join(tags, ",")), source(pointer)};
        } else if (key == "trimpath") {
            if (!value.is_boolean()) {
                return at(pointer, fmt::format("\"trimpath\" must be true or false, not {}",
                                               kind_of(value)));
            }
            layer.trimpath = Sourced<bool>{value.get<bool>(), source(pointer)};
        } else if (key == "cgo") {
            const std::string text = value.is_string() ? value.get<std::string>() : std::string();
            auto mode = parse_cgo_mode(text);
            if (!value.is_string() || !mode) {
                return at(pointer,
                          fmt::format(
                              "\"cgo\" must be \"auto\", \"on\" or \"off\", not {}",
                              value.is_string() ? "\"" + printable(text) + "\"" : kind_of(value)));
            }
            layer.cgo = Sourced<CgoMode>{*mode, source(pointer)};
        } else if (key == "cc" || key == "cxx") {
            auto entries = commands(value, pointer, key);
            if (!entries) return entries.error();
            (key == "cc" ? layer.cc : layer.cxx) = std::move(*entries);
        } else if (key == "env") {
            auto entries = environment(value, pointer);
            if (!entries) return entries.error();
            layer.env = std::move(*entries);
        } else {
            return false;
        }
        return true;
    }

    Result<void> overrides(const Json& value, const std::string& pointer,
                           ProjectConfig& config) const {
        if (!value.is_array()) {
            return at(pointer, fmt::format("\"overrides\" must be an array of objects, not {}",
                                           kind_of(value)));
        }
        for (std::size_t i = 0; i < value.size(); ++i) {
            const Json& entry = value[i];
            const std::string entry_pointer = fmt::format("{}/{}", pointer, i);
            if (!entry.is_object()) {
                return at(entry_pointer,
                          fmt::format("each entry of \"overrides\" must be an object, not {}",
                                      kind_of(entry)));
            }
            ConfigOverride override_entry;
            override_entry.source = source(entry_pointer);
            bool has_targets = false;
            for (const auto& [key, item] : entry.items()) {
                const std::string item_pointer = entry_pointer + "/" + json_pointer_token(key);
                if (key == "targets") {
                    auto targets = patterns(item, item_pointer, key);
                    if (!targets) return targets.error();
                    override_entry.targets = std::move(*targets);
                    has_targets = true;
                } else if (key == "jobs" || key == "overrides") {
                    return at_key(item_pointer,
                                  fmt::format("\"{}\" cannot be set per target; move it to the "
                                              "top level of the file",
                                              key));
                } else {
                    auto known = setting(key, item, item_pointer, override_entry.settings);
                    if (!known) return known.error();
                    if (!*known) return unknown_key(key, item_pointer, override_keys());
                }
            }
            if (!has_targets) {
                return at(entry_pointer,
                          "this entry of \"overrides\" has no \"targets\"; add the patterns of "
                          "the targets it applies to, e.g. \"targets\": [\"windows/*\"]");
            }
            config.overrides.push_back(std::move(override_entry));
        }
        return {};
    }

    std::string m_name;
    JsonPositions m_positions;
};

Result<std::string> read_text(const fs::path& path, const std::string& name) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error("cannot read {}: {}", name, std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return make_error("cannot read {}", name);
    return text.str();
}

}  // namespace

Result<ProjectConfig> parse_project_config(std::string_view text, const std::string& name) {
    Json document;
    try {
        document = Json::parse(text);
    } catch (const nlohmann::json::parse_error& error) {
        // `byte` counts the characters read, the offending one included.
        const std::size_t offset = error.byte == 0 ? 0 : error.byte - 1;
        // nlohmann quotes the bytes it last read, whatever they are.
        return make_error("{}:{}: {}", name, position_at(text, offset).str(),
                          printable(parse_error_detail(error.what())));
    } catch (const nlohmann::json::exception& error) {
        return make_error("{}: {}", name, printable(parse_error_detail(error.what())));
    }
    const Reader reader(name, locate_json_positions(text));
    if (!document.is_object()) {
        return reader.at(
            "", fmt::format("the configuration must be a JSON object, not {}", kind_of(document)));
    }
    if (auto unique = reader.duplicates(); !unique) return unique.error();
    ProjectConfig config;
    config.name = name;
    try {
        auto top = reader.top(document, config);
        if (!top) return top.error();
        config.top = std::move(*top);
    } catch (const nlohmann::json::exception& error) {
        // The checks above make every access valid; this is a bug, reported as one line.
        return make_error("{}: {}", name, printable(parse_error_detail(error.what())));
    }
    return config;
}

fs::path config_root(const fs::path& dir) {
    std::error_code ec;
    for (fs::path candidate = dir;; candidate = candidate.parent_path()) {
        if (fs::is_regular_file(candidate / "go.mod", ec)) return candidate;
        if (candidate == candidate.parent_path() || candidate.empty()) break;
    }
    return dir;
}

Result<std::optional<ProjectConfig>> load_project_config(
    const fs::path& cwd, const std::optional<std::string>& explicit_file, const Environment& env) {
    std::optional<std::string> given_by;
    fs::path path;
    if (explicit_file) {
        given_by = "--config";
        path = *explicit_file;
    } else if (auto from_env = lookup(env, "XBUILD_CONFIG"); from_env && !from_env->empty()) {
        given_by = "XBUILD_CONFIG";
        path = *from_env;
    } else {
        path = config_root(cwd) / "xbuild.json";
    }
    if (path.empty()) return make_error("{}: empty file name", given_by.value_or("--config"));
    if (path.is_relative()) path = cwd / path;
    path = path.lexically_normal();
    const std::string name = path.lexically_proximate(cwd).string();

    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (!fs::exists(status)) {
        if (!given_by) return std::optional<ProjectConfig>();
        return make_error("{} {}: no such file", *given_by, printable(path.string()));
    }
    if (fs::is_directory(status))
        return make_error("{}: is a directory, not a configuration file", printable(name));
    auto text = read_text(path, printable(name));
    if (!text) return text.error();
    auto config = parse_project_config(*text, printable(name));
    if (!config) return config.error();
    config->path = path;
    return std::optional<ProjectConfig>(std::move(*config));
}

}  // namespace xbuild
